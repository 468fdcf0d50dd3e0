/**
 * dbsteps' use of Liquibase: a session per command (scope, parsed changelog, history), the listener that makes
 * each changeset one transaction with its history and undo rows, and the progress recorder.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.liquibase;
