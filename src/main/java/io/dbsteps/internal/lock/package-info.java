/**
 * The lock a dbsteps command takes on its schema: a session lock that the database (PostgreSQL's advisory lock) or
 * the operating system (a lock file beside an SQLite database) releases when the holding process dies, and
 * Liquibase's lock row, marked so that plain Liquibase clients wait. Locks are per database, namespace and schema.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.lock;
