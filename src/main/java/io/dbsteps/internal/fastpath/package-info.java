/**
 * The up-to-date check that runs without Liquibase: a changelog's manifest (changesets and checksums per database)
 * compared with the tracking table in one query.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.fastpath;
