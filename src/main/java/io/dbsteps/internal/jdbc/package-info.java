/**
 * JDBC plumbing: opening or borrowing connections and giving them back as found, reading SQL text, and SQLite's
 * foreign-key checks.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.jdbc;
