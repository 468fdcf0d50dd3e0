package io.dbsteps.internal.lock;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.DatabaseException;
import liquibase.exception.LockException;

/**
 * The lock of one dbsteps command on its schema: a {@link SessionLock} (PostgreSQL's advisory lock, or SQLite's lock
 * file), and Liquibase's lock row marked while it is held. Each command has its own, in its Liquibase scope, so
 * commands on other databases, namespaces or schemas never wait for each other; the session lock makes commands on
 * the same schema wait, in this process and in others.
 *
 * <p>A lock row marked by dbsteps is taken over only once the session lock is ours, which proves its holder gone: the
 * server ended its session, or the operating system released its file. A row marked by a plain Liquibase client is
 * respected.
 */
public final class SchemaLock {
    /** The Liquibase scope key under which a command's lock is found. */
    public static final String SCOPE_KEY = "dbsteps.schemaLock";

    private final Duration wait;
    private SessionLock held;
    private boolean pinned;

    /** @param wait the longest wait for another holder */
    public SchemaLock(Duration wait) {
        this.wait = wait;
    }

    /** @return the lock of the command running in the current Liquibase scope, or null outside dbsteps' commands */
    public static SchemaLock current() {
        return Scope.getCurrentScope().get(SCOPE_KEY, SchemaLock.class);
    }

    /** @return whether dbsteps can lock this kind of database */
    public static boolean supports(Database database) {
        return database instanceof PostgresDatabase || database instanceof SQLiteDatabase;
    }

    /** @return whether this command holds the lock */
    public boolean isHeld() {
        return held != null;
    }

    /** Creates Liquibase's lock table and row if they are missing (Liquibase's lock service knows how). */
    public interface TableInit {
        /** Creates the lock table and its row if missing. */
        void ensure() throws DatabaseException, LockException;
    }

    /**
     * Keeps the lock, once taken, for the rest of the command: Liquibase's own commands find it held, and their
     * releases leave it held until {@link #release(Database)}.
     */
    public void holdToEnd() {
        pinned = true;
    }

    /** Waits for the lock within the configured time, then takes it. */
    public void waitFor(Database database, TableInit init) throws LockException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 25;
        long start = System.nanoTime();
        boolean waited = false;
        while (!tryTake(database, init)) {
            waited = true;
            endReadTransaction(database);
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new LockException("the lock was held by " + holder(database) + " for longer than the "
                        + wait.toMillis() + " ms dbsteps waits (lockWait)");
            }
            try {
                Thread.sleep(Math.min(pause, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockException("interrupted while waiting for the lock held by " + holder(database));
            }
            pause = Math.min(pause * 2, 500);
        }
        if (waited) {
            Scope.getCurrentScope().getLog(getClass()).info("Took the lock of "
                    + database.getDatabaseChangeLogLockTableName() + " after waiting "
                    + (System.nanoTime() - start) / 1_000_000 + " ms.");
        }
    }

    /**
     * Takes the lock if it is free.
     *
     * @return true if this command holds it now; false if another holds it
     * @throws LockUnavailableException if it cannot be taken for another reason, where waiting would not help
     */
    public boolean tryTake(Database database, TableInit init) throws LockException {
        if (held != null) {
            return true;
        }
        SessionLock lock = null;
        try {
            // The session lock comes first: the lock table is created and read only by its holder, so processes that
            // start at once never race to create it.
            lock = trySessionLock(database);
            if (lock == null) {
                return false;
            }
            init.ensure();
            LockRow row = LockRow.read(database);
            if (row.locked() && !row.byDbsteps()) {
                lock.release(); // a plain Liquibase client holds the row: respect it
                return false;
            }
            if (row.locked()) {
                Scope.getCurrentScope().getLog(getClass()).info("Took over the lock row of "
                        + database.getDatabaseChangeLogLockTableName() + " left by " + row.describe()
                        + ": its session lock is free, so that process is gone.");
            }
            LockRow.write(database, true, owner());
            held = lock;
            return true;
        } catch (LockUnavailableException e) {
            throw e;
        } catch (SQLException | DatabaseException | LockException | RuntimeException e) {
            if (lock != null) {
                lock.release();
            }
            if (busy(e)) {
                return false; // SQLite: another connection is writing the file; wait for it as for a holder
            }
            throw new LockUnavailableException("the lock of " + database.getDatabaseChangeLogLockTableName()
                    + " could not be taken: " + e.getMessage(), e);
        }
    }

    /**
     * While it waits, a command must not keep a read transaction open: on SQLite that would stop the holder from
     * committing, and each would wait for the other. Before the lock nothing was written, so this only ends reads.
     */
    private static void endReadTransaction(Database database) {
        try {
            Connection c = JdbcConnections.of(database);
            if (database instanceof SQLiteDatabase && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException | RuntimeException ignored) {
            // the next attempt reports a broken connection
        }
    }

    /** Whether a failure is SQLite's "the database file is locked" (SQLITE_BUSY, code 5), anywhere in its causes. */
    private static boolean busy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && (s.getErrorCode() == 5 || String.valueOf(s.getMessage())
                    .contains("SQLITE_BUSY"))) {
                return true;
            }
        }
        return false;
    }

    /** Releases the lock unless the command holds it to its end. */
    public void releaseUnlessHeldToEnd(Database database) throws LockException {
        if (!pinned) {
            release(database);
        }
    }

    /**
     * Releases the lock: whatever the command did not commit is rolled back, the row is cleared, the session lock
     * released. A broken connection is no error: the server or the operating system drops the session lock with it.
     */
    public void release(Database database) {
        pinned = false;
        SessionLock lock = held;
        if (lock == null) {
            return;
        }
        held = null;
        try {
            database.rollback(); // whatever was not committed by now was abandoned
            LockRow.write(database, false, null);
        } catch (SQLException | DatabaseException | RuntimeException e) {
            Scope.getCurrentScope().getLog(getClass()).fine("Clearing the lock row failed: " + e.getMessage());
        } finally {
            lock.release();
        }
    }

    /** Who holds the lock, as precisely as the database can say: the row, and the session or file that holds it. */
    public static String holder(Database database) {
        StringBuilder who = new StringBuilder();
        try {
            LockRow row = LockRow.read(database);
            if (row.locked()) {
                who.append(row.describe());
                if (!row.byDbsteps()) {
                    who.append(" (a Liquibase client without dbsteps; if it is gone, clear the lock with its "
                            + "releaseLocks command)");
                }
            }
        } catch (SQLException | DatabaseException | RuntimeException e) {
            // no row to read yet: the session lock below says who holds it
        }
        try {
            Connection c = JdbcConnections.of(database);
            String table = database.getDatabaseChangeLogLockTableName();
            String session = database instanceof PostgresDatabase ? AdvisoryLock.holder(c, table)
                    : LockFile.holder(c, table);
            if (session != null && (who.length() == 0 || database instanceof PostgresDatabase)) {
                who.append(who.length() == 0 ? "" : ", ").append(session);
            }
        } catch (SQLException | RuntimeException e) {
            who.append(" (who holds it could not be read: ").append(e.getMessage()).append(")");
        }
        return who.length() == 0 ? "another dbsteps command" : who.toString();
    }

    private SessionLock trySessionLock(Database database) throws SQLException, LockUnavailableException {
        Connection c = JdbcConnections.of(database);
        String table = database.getDatabaseChangeLogLockTableName();
        return database instanceof PostgresDatabase ? AdvisoryLock.tryTake(c, table)
                : LockFile.tryTake(c, table, owner());
    }

    private static String owner() {
        return LockRow.OWNER_PREFIX + ProcessHandle.current().pid() + "@" + host();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
