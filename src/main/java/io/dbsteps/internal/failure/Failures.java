package io.dbsteps.internal.failure;

import io.dbsteps.internal.lock.TableLockWaits;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.lock.LockUnavailableException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import liquibase.exception.ChangeLogParseException;
import liquibase.exception.DatabaseException;
import liquibase.exception.LockException;
import liquibase.exception.PreconditionFailedException;
import liquibase.exception.RollbackImpossibleException;
import liquibase.exception.ValidationFailedException;
import liquibase.precondition.FailedPrecondition;

/**
 * Turns what Liquibase and the JDBC driver throw into a {@link DbStepsException} whose message names the schema,
 * the changeset where there is one, what happened and what to do. Every message passes through the secret mask.
 */
public final class Failures {
    /** sqlite-jdbc's words for a connection that is closed; it gives such failures no SQLState. */
    private static final Pattern CLOSED = Pattern.compile("(?i)(database )?connection (is |has been )?closed");

    private Failures() {
    }

    /**
     * A connection that could not be opened, with advice for its cause: the password, the user, the database, the
     * host, the port, the URL's form, or the SQLite file's folder.
     *
     * @param schema the schema name for the message
     * @param where  what was connected to, without a password
     */
    public static DbStepsException connection(String schema, String where, SQLException e, SecretMask mask) {
        return new DbStepsException(ErrorCode.CONNECTION_FAILED,
                mask.apply("Could not connect to " + where + " for schema " + schema + ": " + oneLine(e.getMessage())
                        + ". " + connectionAdvice(e)),
                mask.scrub(e));
    }

    private static String connectionAdvice(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (state.equals("28P01") || message.contains("password authentication failed")) {
            return "The server refused the password: check the password given for this user (dbsteps never prints "
                    + "it), or ask for the user's password to be reset.";
        }
        if (state.equals("28000")) {
            return "The server refused this user: check the user name, that the role exists and may log in (LOGIN), "
                    + "and that the server's pg_hba.conf lets it connect from this host.";
        }
        if (state.equals("3D000")) {
            return "The database named in the URL does not exist: create it (CREATE DATABASE), or fix the database "
                    + "name in the URL.";
        }
        if (state.equals("53300")) {
            return "The server has no free connection slots: close idle connections or raise max_connections, then "
                    + "try again.";
        }
        if (find(e, UnknownHostException.class) != null) {
            return "The host name in the URL is not known: check the host, or use its IP address.";
        }
        if (find(e, SocketTimeoutException.class) != null || message.contains("timed out")) {
            return "The server did not answer in time: check that the host is reachable from here (firewall, VPN), "
                    + "or raise connectTimeout in the URL.";
        }
        if (find(e, ConnectException.class) != null || message.contains("refused")) {
            return "Nothing accepts connections at that host and port: check the host and port in the URL, and that "
                    + "the database server is running.";
        }
        if (message.contains("no suitable driver") || message.contains("unable to parse url")) {
            return "No JDBC driver accepts this URL: check its form, e.g. jdbc:postgresql://host:5432/database or "
                    + "jdbc:sqlite:path/to/app.db, and that the database's JDBC driver is on the class path.";
        }
        if (message.contains("sqlite") || message.contains("path to '")) {
            return "Check that the SQLite file's folder exists and is writable, or fix the path in the URL; a "
                    + "read-only open mode (open_mode=1) also needs the file to exist.";
        }
        return "Check the URL, the user and the password, and that the database is running and reachable (for "
                + "SQLite: that the file's folder exists and is writable).";
    }

    /**
     * @param schema the schema name for the message
     * @param action what was being done, e.g. "update" or "rollback to tag 1.0"; never an SQL preview
     * @param failed the changeset that failed, as {@code file::id::author}, or {@code null}
     */
    public static DbStepsException translate(Throwable t, String schema, String action, String failed, SecretMask mask) {
        return translate(t, schema, Action.change(action), failed, mask, null);
    }

    /** As {@link #translate(Throwable, String, String, String, SecretMask)}, for an action that may be a preview. */
    public static DbStepsException translate(Throwable t, String schema, Action action, String failed, SecretMask mask) {
        return translate(t, schema, action, failed, mask, null);
    }

    /**
     * As {@link #translate(Throwable, String, String, String, SecretMask)}, for a command that knows the state the
     * failure left, e.g. a rollback that ran as one transaction and so changed nothing.
     *
     * @param state one or more sentences saying what the database is like now (replacing an update's "Changesets
     *              before it stay applied; this one is not recorded."), or {@code null} for the update's wording
     */
    public static DbStepsException translate(Throwable t, String schema, String action, String failed, SecretMask mask,
            String state) {
        return translate(t, schema, Action.change(action), failed, mask, state);
    }

    private static DbStepsException translate(Throwable t, String schema, Action action, String failed,
            SecretMask mask, String state) {
        DbStepsException ours = find(t, DbStepsException.class);
        if (ours != null) {
            return ours; // already says what happened, e.g. a foreign key a step broke, found before its commit
        }
        String stepState = state != null ? state + " " : "Changesets before it stay applied; this one is not recorded. ";
        Throwable cause = mask.scrub(t);
        boolean preview = action.preview();
        String where = "Schema " + schema + ": " + action;
        String at = failed == null ? "" : " at changeset " + failed;
        ValidationFailedException validation = find(t, ValidationFailedException.class);
        if (validation != null && !validation.getInvalidMD5Sums().isEmpty()) {
            return new DbStepsException(ErrorCode.CHECKSUM_MISMATCH, mask.apply(where + " refused, nothing was "
                    + "changed: " + validation.getInvalidMD5Sums().size() + " applied changeset(s) were edited after "
                    + "they were applied, so their checksums differ from the ones recorded: "
                    + String.join("; ", validation.getInvalidMD5Sums()) + ". An applied changeset must never change: "
                    + "if its changelog was edited, restore its original text, and put the new change in a new "
                    + "changeset; if the changelog is one dbsteps ships, the history was written by another version "
                    + "of it or edited by hand, so compare 'history' with the version that applied it."), cause);
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
        SQLException denied = permissionDenied(t);
        if (denied != null) {
            return new DbStepsException(ErrorCode.PERMISSION_DENIED, mask.apply(where + " failed" + at
                    + ": the database refused to let this connection write (" + oneLine(denied.getMessage()) + "). "
                    + (failed == null || preview ? "" : stepState)
                    + "Connect as a user that may create and change tables in this schema, its tracking tables "
                    + "included, on a connection that is not read-only (no readOnly=true in a PostgreSQL URL, no "
                    + "open_mode=1 for SQLite, a file this process may write)."), cause);
        }
        SQLException sql = find(t, SQLException.class);
        if (failed == null && sql != null && "3F000".equals(sql.getSQLState())) {
            return new DbStepsException(ErrorCode.INVALID_CONFIGURATION, mask.apply(where + " failed: "
                    + databaseMessage(t) + ". The connection's current schema does not exist in this database, so "
                    + "there is nowhere to create the tracking tables: create that schema (CREATE SCHEMA), or fix "
                    + "currentSchema in the URL (or the user's search_path)."), cause);
        }
        LockUnavailableException unavailable = find(t, LockUnavailableException.class);
        if (unavailable != null) {
            return new DbStepsException(ErrorCode.LOCK_UNAVAILABLE, mask.apply(where + " could not start: "
                    + oneLine(unavailable.getMessage()) + ". Nothing was changed; no other process holds the lock, so "
                    + "waiting will not help."), cause);
        }
        TableLockWaits.Timeout tableLock = find(t, TableLockWaits.Timeout.class);
        if (tableLock != null) {
            boolean rollback = action.text().startsWith("rollback");
            return new DbStepsException(ErrorCode.TABLE_LOCKED, mask.apply(where + " stopped" + at + ": it waited "
                    + tableLock.attempts() + " times for a table lock (lock_timeout " + tableLock.policy().timeout()
                    .toMillis() + " ms each, with pauses between), and another session still holds it: "
                    + tableLock.blockers() + (state != null ? ". That changeset changed nothing. " + state.strip()
                            .replaceAll("\\.$", "")
                    : ". That changeset changed nothing and is not recorded"
                    + (rollback ? "; a rollback that runs as one transaction undid nothing, otherwise the changesets "
                            + "it undid before stay undone (run history to see where the database stands)"
                            : "; the changesets applied before it stay applied")) + ". Let that session finish, or "
                    + "end it (SELECT pg_terminate_backend(pid)), then run the command again; or allow longer waits "
                    + "(tableLockTimeout/tableLockRetries, --table-lock-timeout/--table-lock-retries)."), cause);
        }
        if (TableLockWaits.lockTimedOut(t)) {
            return new DbStepsException(ErrorCode.LOCKED, mask.apply(where + " failed" + at + ": another session "
                    + "held a lock on a table this command reads or writes (e.g. the tracking table) for longer than "
                    + "the lock wait (lockWait, --lock-wait)"
                    + (failed == null ? ". Nothing was changed" : "; that changeset is not recorded, and changesets "
                            + "before it stay applied") + ". Find the session with pg_locks and pg_stat_activity, let "
                    + "it finish or end it, then try again."), cause);
        }
        LockException lock = find(t, LockException.class);
        if (lock != null) {
            return new DbStepsException(ErrorCode.LOCKED, mask.apply(where + " could not start: "
                    + oneLine(lock.getMessage()) + ". Another process is changing this schema; wait for it to finish "
                    + "and try again."), cause);
        }
        RollbackImpossibleException impossible = find(t, RollbackImpossibleException.class);
        if (impossible != null) {
            return new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, mask.apply(where + " failed" + at + ": "
                    + oneLine(impossible.getMessage()) + ". Add a rollback block to that changeset."), cause);
        }
        PreconditionFailedException precondition = find(t, PreconditionFailedException.class);
        if (precondition != null) {
            List<String> reasons = new ArrayList<>();
            for (FailedPrecondition f : precondition.getFailedPreconditions()) {
                reasons.add(oneLine(f.getMessage()));
            }
            return new DbStepsException(ErrorCode.PRECONDITION_FAILED, mask.apply(where + " stopped"
                    + (failed == null ? "" : " before changeset " + failed) + ": " + String.join("; ", reasons)
                    + (preview ? ". The preview stopped there and nothing was changed; a preview runs no SQL."
                            : ". The changeset did not run; changesets before it stay applied.")), cause);
        }
        ChangeLogParseException parse = find(t, ChangeLogParseException.class);
        if (parse != null) {
            return new DbStepsException(ErrorCode.INVALID_CHANGELOG, mask.apply(where + " failed: the changelog could "
                    + "not be read: " + oneLine(parse.getMessage()) + ". Fix the changelog file named there."), cause);
        }
        SQLException lost = connectionLoss(t);
        if (lost != null) {
            return new DbStepsException(ErrorCode.CONNECTION_FAILED, mask.apply(where + " failed" + at
                    + ": the connection to the database was lost (" + oneLine(lost.getMessage()) + ")"
                    + (failed == null ? "" : "; that changeset is not recorded") + ". "
                    + (state != null ? state + " " : "") + "Check the database, then run "
                    + "the command again; changesets already recorded as applied will not run twice."), cause);
        }
        String dbMessage = databaseMessage(t);
        if (failed != null && preview) {
            return new DbStepsException(ErrorCode.CHANGESET_FAILED, mask.apply(where + " stopped" + at + ": "
                    + dbMessage + ". Nothing was changed: a preview writes SQL as text and runs none of it. Fix that "
                    + "changeset and preview again."), cause);
        }
        if (failed != null) {
            return new DbStepsException(ErrorCode.CHANGESET_FAILED, mask.apply(where + " failed" + at + ": "
                    + dbMessage + ". " + stepState + "Fix the cause and run the command again."), cause);
        }
        return new DbStepsException(ErrorCode.DATABASE_ERROR, mask.apply(where + " failed: " + dbMessage
                + ". " + (state != null ? state + " " : "") + "Check the database and the message above, then try "
                + "again."), cause);
    }

    /**
     * The driver's refusal to write, if that is what failed: PostgreSQL's insufficient_privilege (42501) or
     * read_only_sql_transaction (25006), or SQLite's READONLY, PERM or AUTH results (sqlite-jdbc sets no SQLState;
     * its message starts with the result's name).
     */
    private static SQLException permissionDenied(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException e) {
                String state = e.getSQLState();
                String message = String.valueOf(e.getMessage());
                if ("42501".equals(state) || "25006".equals(state) || message.contains("[SQLITE_READONLY")
                        || message.contains("[SQLITE_PERM") || message.contains("[SQLITE_AUTH")) {
                    return e;
                }
            }
        }
        return null;
    }

    /**
     * The failure that says the connection is gone, if there is one: a connection exception (SQLState class 08), a
     * server that ended the session (57P01 administrator command, 57P02 crash), or sqlite-jdbc's "database connection
     * closed", which carries no SQLState.
     */
    private static SQLException connectionLoss(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException e) {
                String state = e.getSQLState();
                if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                        || (state != null && (state.startsWith("08") || state.equals("57P01")
                        || state.equals("57P02")))
                        || (state == null && e.getMessage() != null && CLOSED.matcher(e.getMessage()).find())) {
                    return e;
                }
            }
        }
        return null;
    }

    /**
     * The most specific database message in the chain: the innermost of Liquibase's (which quotes the failed SQL;
     * the outer ones may only paraphrase, e.g. "could not create the changelog table") or the driver's.
     */
    private static String databaseMessage(Throwable t) {
        DatabaseException db = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DatabaseException d && d.getMessage() != null) {
                db = d;
            }
        }
        if (db != null) {
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

    public static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    public static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.endsWith(".") ? flat.substring(0, flat.length() - 1) : flat;
    }
}
