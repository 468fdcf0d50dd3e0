/**
 * The commands behind {@code io.dbsteps.DbSteps}: each checks its arguments, opens a Liquibase session, takes the
 * lock where it writes, runs, and returns a result record.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.command;
