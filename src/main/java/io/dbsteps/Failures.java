package io.dbsteps;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import liquibase.exception.ChangeLogParseException;
import liquibase.exception.DatabaseException;
import liquibase.exception.LockException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.FailedPrecondition;
import liquibase.exception.RollbackImpossibleException;
import liquibase.exception.ValidationFailedException;

/**
 * Turns what Liquibase and the JDBC driver throw into a {@link DbStepsException} whose message names the schema,
 * the changeset where there is one, what happened and what to do. Every message passes through the secret mask.
 */
final class Failures {
    private Failures() {
    }

    static DbStepsException connection(String where, SQLException e, SecretMask mask) {
        return new DbStepsException(ErrorCode.CONNECTION_FAILED,
                mask.apply("Could not connect to " + where + ": " + oneLine(e.getMessage())
                        + ". Check the URL, the user and the password, and that the database is running and reachable"
                        + " (for SQLite: that the file's folder exists and is writable)."),
                mask.scrub(e));
    }

    /**
     * @param schema the schema name for the message
     * @param action what was being done, e.g. "update" or "rollback to tag 1.0"
     * @param failed the changeset that failed, as {@code file::id::author}, or {@code null}
     */
    static DbStepsException translate(Throwable t, String schema, String action, String failed, SecretMask mask) {
        if (t instanceof DbStepsException d) {
            return d;
        }
        Throwable cause = mask.scrub(t);
        String where = "Schema " + schema + ": " + action;
        ValidationFailedException validation = find(t, ValidationFailedException.class);
        if (validation != null && !validation.getInvalidMD5Sums().isEmpty()) {
            return new DbStepsException(ErrorCode.CHECKSUM_MISMATCH, mask.apply(where + " refused: "
                    + validation.getInvalidMD5Sums().size() + " applied changeset(s) were edited after they were applied: "
                    + String.join("; ", validation.getInvalidMD5Sums()) + ". A shipped changeset must never change; "
                    + "restore its original text, and put the new change in a new changeset."), cause);
        }
        if (validation != null && validation.getMessage().contains("preconditions failed")) {
            // a changelog-level precondition: it checks the database or the parameters, not the changelog's text
            return new DbStepsException(ErrorCode.PRECONDITION_FAILED, mask.apply(where + " refused before anything "
                    + "ran: " + oneLine(validation.getMessage()) + ". Check the parameters and the database named there."),
                    cause);
        }
        if (validation != null) {
            return new DbStepsException(ErrorCode.INVALID_CHANGELOG, mask.apply(where + " refused: the changelog does "
                    + "not validate: " + oneLine(validation.getMessage()) + ". Fix the changelog and try again."), cause);
        }
        LockException lock = find(t, LockException.class);
        if (lock != null) {
            return new DbStepsException(ErrorCode.LOCKED, mask.apply(where + " could not start: "
                    + oneLine(lock.getMessage()) + ". Another process is changing this schema; wait for it to finish "
                    + "and try again."), cause);
        }
        RollbackImpossibleException impossible = find(t, RollbackImpossibleException.class);
        if (impossible != null) {
            return new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, mask.apply(where + " failed"
                    + (failed == null ? "" : " at changeset " + failed) + ": " + oneLine(impossible.getMessage())
                    + ". Add a rollback block to that changeset."), cause);
        }
        PreconditionFailedException precondition = find(t, PreconditionFailedException.class);
        if (precondition != null) {
            List<String> reasons = new ArrayList<>();
            for (FailedPrecondition f : precondition.getFailedPreconditions()) {
                reasons.add(oneLine(f.getMessage()));
            }
            return new DbStepsException(ErrorCode.PRECONDITION_FAILED, mask.apply(where + " stopped"
                    + (failed == null ? "" : " before changeset " + failed) + ": " + String.join("; ", reasons)
                    + ". The changeset did not run; changesets before it stay applied."), cause);
        }
        ChangeLogParseException parse = find(t, ChangeLogParseException.class);
        if (parse != null) {
            return new DbStepsException(ErrorCode.INVALID_CHANGELOG, mask.apply(where + " failed: the changelog could "
                    + "not be read: " + oneLine(parse.getMessage()) + ". Fix the changelog file named there."), cause);
        }
        SQLException sql = find(t, SQLException.class);
        if (isConnectionLoss(sql)) {
            return new DbStepsException(ErrorCode.CONNECTION_FAILED, mask.apply(where + " failed"
                    + (failed == null ? "" : " at changeset " + failed) + ": the connection to the database was lost ("
                    + oneLine(sql.getMessage()) + "). Check the database, then run the command again; changesets "
                    + "already recorded as applied will not run twice."), cause);
        }
        String dbMessage = databaseMessage(t);
        if (failed != null) {
            return new DbStepsException(ErrorCode.CHANGESET_FAILED, mask.apply(where + " failed at changeset " + failed
                    + ": " + dbMessage + ". Changesets before it stay applied; this one is not recorded. Fix the cause "
                    + "and run the command again."), cause);
        }
        return new DbStepsException(ErrorCode.DATABASE_ERROR, mask.apply(where + " failed: " + dbMessage
                + ". Check the database and the message above, then try again."), cause);
    }

    private static boolean isConnectionLoss(SQLException e) {
        if (e == null) {
            return false;
        }
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || (state != null && state.startsWith("08"));
    }

    /** The most specific database message in the chain: Liquibase's (which quotes the failed SQL) or the driver's. */
    private static String databaseMessage(Throwable t) {
        DatabaseException db = find(t, DatabaseException.class);
        if (db != null && db.getMessage() != null) {
            return oneLine(db.getMessage());
        }
        SQLException sql = find(t, SQLException.class);
        if (sql != null) {
            return oneLine(sql.getMessage());
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return oneLine(String.valueOf(root.getMessage()));
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.endsWith(".") ? flat.substring(0, flat.length() - 1) : flat;
    }
}
