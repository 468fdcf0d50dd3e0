/**
 * What a changeset's undo is: its rollback SQL rendered for the database, the undo store that keeps it, and the
 * archive of the data it would drop.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.undo;
