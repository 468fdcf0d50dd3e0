/**
 * The commands behind {@code io.dbsteps.DbSteps}: each checks its arguments, opens a Liquibase session, takes the
 * lock where it writes, runs, and returns a result record. {@link io.dbsteps.internal.command.Updates},
 * {@link io.dbsteps.internal.command.Rollbacks}, {@link io.dbsteps.internal.command.Releases} (guarded) and
 * {@link io.dbsteps.internal.command.Tags} change the database; {@link io.dbsteps.internal.command.Reads} and
 * {@link io.dbsteps.internal.command.SchemaChecks} (drift, adoption) report. {@link io.dbsteps.internal.command.Arguments}
 * checks arguments and {@link io.dbsteps.internal.command.History} reads the facts of a history they share.
 * {@link io.dbsteps.internal.command.CompiledUpdate} and {@link io.dbsteps.internal.command.CompiledRollback} run what
 * they can of an update or a rollback from the changelog's compiled form, without Liquibase, on the database
 * {@link io.dbsteps.internal.command.CompiledTarget} describes; the commands call them first.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.command;
