package io.dbsteps;

import io.dbsteps.internal.command.Elapsed;
import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.SecretMask;

import java.sql.Connection;

/**
 * One target of a fleet: its name, the checked configuration of the schema on it, and the mask for its secrets.
 * A fleet command opens one connection per target and runs every step on it ({@link #on(Connection)}), so that a
 * fleet never holds more connections than targets it works on at once.
 */
record FleetTarget(String name, Settings settings, SecretMask mask) {

    /**
     * The target's configuration with every command running on this connection, borrowed (never closed), its
     * password masked in messages and logs as the target's own source masks it.
     */
    Settings on(Connection connection) {
        return settings.on(ConnectionSource.borrowed(connection, settings.schema(), mask));
    }

    /** Opens the target's one connection for a command. */
    ConnectionSource.Lease open() {
        return settings.source().open();
    }

    /** A result for this target. */
    TargetResult result(TargetResult.Outcome outcome, String from, String to, int changesets, long startNanos,
                        ErrorCode code, String message) {
        return new TargetResult(name, outcome, from, to, changesets, Elapsed.since(startNanos), code,
                mask.apply(message));
    }

    /** A failure, with the error's own sentence and what it left. */
    TargetResult failed(DbStepsException e, long startNanos, String from, String state) {
        return result(TargetResult.Outcome.FAILED, from, null, 0, startNanos, e.code(),
                e.getMessage() + (state == null ? "" : " " + state));
    }
}
