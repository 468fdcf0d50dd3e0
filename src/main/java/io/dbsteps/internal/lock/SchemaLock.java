package io.dbsteps.internal.lock;

import io.dbsteps.internal.jdbc.JdbcConnections;
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

    /** Waits for the lock within the configured time, then takes it ({@link LockAttempt#waitFor}). */
    public void waitFor(Database database, TableInit init) throws LockException {
        try {
            long waited = LockAttempt.waitFor(wait, () -> tryTake(database, init), () -> endReadTransaction(database),
                    () -> holder(database));
            if (waited >= 0) {
                Scope.getCurrentScope().getLog(getClass()).info("Took the lock of "
                        + database.getDatabaseChangeLogLockTableName() + " after waiting " + waited + " ms.");
            }
        } catch (LockException e) {
            throw e;
        } catch (LockAttempt.TimedOut e) {
            throw new LockException(e.getMessage());
        } catch (Exception e) {
            throw new LockException(e);
        }
    }

    /**
     * Takes the lock if it is free ({@link LockAttempt#tryTake}).
     *
     * @return true if this command holds it now; false if another holds it
     * @throws LockException caused by a {@link LockUnavailableException} if it cannot be taken for another reason,
     *                       where waiting would not help
     */
    public boolean tryTake(Database database, TableInit init) throws LockException {
        if (held != null) {
            return true;
        }
        try {
            SessionLock lock = LockAttempt.tryTake(site(database, init), left -> Scope.getCurrentScope()
                    .getLog(getClass()).info("Took over the lock row of " + database.getDatabaseChangeLogLockTableName()
                            + " left by " + left + ": its session lock is free, so that process is gone."));
            held = lock;
            return lock != null;
        } catch (LockUnavailableException e) {
            throw new LockException(e.getMessage(), e);
        } catch (Exception e) {
            if (LockAttempt.busy(e)) {
                return false; // SQLite: another connection is writing the file; wait for it as for a holder
            }
            String message = "the lock of " + database.getDatabaseChangeLogLockTableName() + " could not be taken: "
                    + e.getMessage();
            throw new LockException(message, new LockUnavailableException(message, e));
        }
    }

    private static LockAttempt.Site site(Database database, TableInit init) {
        return new LockAttempt.Site() {
            @Override
            public SessionLock trySessionLock() throws Exception {
                return LockAttempt.trySessionLock(JdbcConnections.of(database), database instanceof PostgresDatabase,
                        database.getDatabaseChangeLogLockTableName());
            }

            @Override
            public void ensureTable() throws Exception {
                init.ensure();
            }

            @Override
            public LockRow readRow() throws Exception {
                return readLockRow(database);
            }

            @Override
            public void writeRow(boolean locked, String by) throws Exception {
                writeLockRow(database, locked, by);
            }
        };
    }

    private static LockRow readLockRow(Database database) throws SQLException, DatabaseException {
        Connection c = JdbcConnections.of(database);
        try {
            return LockRow.read(c, table(database));
        } finally {
            if (!c.getAutoCommit()) {
                database.commit();
            }
        }
    }

    private static void writeLockRow(Database database, boolean locked, String by)
            throws SQLException, DatabaseException {
        Connection c = JdbcConnections.of(database);
        LockRow.write(c, table(database), locked, by);
        if (!c.getAutoCommit()) {
            database.commit();
        }
    }

    private static String table(Database database) {
        return database.escapeTableName(database.getLiquibaseCatalogName(), database.getLiquibaseSchemaName(),
                database.getDatabaseChangeLogLockTableName());
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
            writeLockRow(database, false, null);
        } catch (SQLException | DatabaseException | RuntimeException e) {
            Scope.getCurrentScope().getLog(getClass()).fine("Clearing the lock row failed: " + e.getMessage());
        } finally {
            lock.release();
        }
    }

    /** Who holds the lock, as precisely as the database can say ({@link LockAttempt#holder}). */
    public static String holder(Database database) {
        return LockAttempt.holder(JdbcConnections.of(database), database instanceof PostgresDatabase,
                database.getDatabaseChangeLogLockTableName(), table(database));
    }
}
