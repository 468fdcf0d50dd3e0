/**
 * Rollback planning and execution: which applied changesets a rollback undoes and how, refused before anything
 * runs if one cannot be undone, and undoing changesets from the stored undo SQL.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.rollback;
