package io.dbsteps.ext;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LockException;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.lockservice.StandardLockService;

/**
 * The lock dbsteps takes before it changes a schema. It is a session lock, which the database or the operating
 * system releases when the process holding it dies, so a killed process never leaves a lock behind:
 * <ul>
 *   <li>PostgreSQL: a session-level advisory lock keyed per schema ({@code pg_try_advisory_lock(k1, k2)}, k1 for
 *       dbsteps, k2 for the schema's lock table);</li>
 *   <li>SQLite: an operating-system lock on a file beside the database, {@code <database file>.<lock table>}.</li>
 * </ul>
 * While it holds that lock, it also marks Liquibase's lock row, so that plain Liquibase clients (the Maven
 * plugin, Spring Boot) wait for dbsteps. A row marked by a dbsteps process that is gone is taken over; a row marked
 * by a plain Liquibase client is respected. Waiting is bounded: after the configured time it fails, naming who holds
 * the lock and since when.
 *
 * <p>A dbsteps command that writes takes the lock before it reads the history and holds it to its end
 * ({@link #holdFor(Database)}, {@link #releaseHeld(Database)}), across every Liquibase command it runs; the lock is
 * kept per connection, not per lock service, because Liquibase discards its lock services after each command.
 *
 * <p>It serves dbsteps' own commands only (a host's own Liquibase runs keep Liquibase's lock), and is public only
 * because Liquibase instantiates lock services by reflection.
 */
public class DbStepsLockService extends StandardLockService {
    /** The Liquibase scope key under which dbsteps marks its commands. */
    public static final String ACTIVE = "dbsteps.session";
    /** The Liquibase scope key of the longest wait for the lock, a {@link Duration}. */
    public static final String WAIT = "dbsteps.lockWait";
    /**
     * The Liquibase scope key of how a wait for the lock pauses between attempts, a {@link Pause}; by default it
     * sleeps. dbsteps pauses by waiting on its JVM-wide gate, so that while one of its commands waits for the lock
     * another command in the same JVM (the lock holder's next session) can run.
     */
    public static final String PAUSE = "dbsteps.lockPause";
    static final String OWNER_PREFIX = "dbsteps ";

    /** A pause between attempts to take the lock. */
    @FunctionalInterface
    public interface Pause {
        /**
         * Pauses.
         *
         * @param millis how long, at least 1
         * @throws InterruptedException if the thread is interrupted
         */
        void pause(long millis) throws InterruptedException;
    }
    private static final int DBSTEPS_KEY = SchemaLockProbe.DBSTEPS_KEY;

    /** The session locks held, per connection (one command at a time uses a connection). */
    private static final Map<Connection, Held> HELD = Collections.synchronizedMap(new IdentityHashMap<>());

    /** Liquibase creates lock services through this constructor. */
    public DbStepsLockService() {
        super();
    }

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 10; // above Liquibase's own lock services
    }

    @Override
    public boolean supports(Database database) {
        return Boolean.TRUE.equals(Scope.getCurrentScope().get(ACTIVE, Boolean.class))
                && (database instanceof PostgresDatabase || database instanceof SQLiteDatabase);
    }

    /** Previews (update SQL, rollback SQL) write the lock statements as text and take nothing. */
    private boolean previewing() {
        return Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database)
                instanceof LoggingExecutor;
    }

    @Override
    public void waitForLock() throws LockException {
        if (previewing()) {
            super.waitForLock();
            return;
        }
        Duration wait = Scope.getCurrentScope().get(WAIT, Duration.ofMinutes(5));
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 25;
        long start = System.nanoTime();
        boolean waited = false;
        while (!acquireLock()) {
            waited = true;
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new LockException("the lock was held by " + holder() + " for longer than the " + wait.toMillis()
                        + " ms dbsteps waits (lockWait)");
            }
            try {
                Pause between = Scope.getCurrentScope().get(PAUSE, Pause.class);
                if (between != null) {
                    between.pause(Math.max(1, Math.min(pause, left)));
                } else {
                    Thread.sleep(Math.min(pause, left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockException("interrupted while waiting for the lock held by " + holder());
            }
            pause = Math.min(pause * 2, 500);
        }
        if (waited) {
            Scope.getCurrentScope().getLog(getClass()).info("Took the lock of " + database
                    .getDatabaseChangeLogLockTableName() + " after waiting " + (System.nanoTime() - start) / 1_000_000
                    + " ms.");
        }
    }

    @Override
    public boolean acquireLock() throws LockException {
        if (previewing()) {
            return super.acquireLock();
        }
        if (hasChangeLogLock || HELD.containsKey(connection())) {
            hasChangeLogLock = true; // this connection holds it: taken earlier in the same dbsteps command
            return true;
        }
        SessionLock lock = null;
        try {
            // The session lock comes first: the lock table is created and read only by its holder, so processes that
            // start at once never race to create it.
            lock = trySessionLock();
            if (lock == null) {
                return false;
            }
            init();
            Row row = readRow();
            if (row.locked && (row.lockedBy == null || !row.lockedBy.startsWith(OWNER_PREFIX))) {
                lock.release(); // a plain Liquibase client holds the row: respect it
                return false;
            }
            if (row.locked) {
                Scope.getCurrentScope().getLog(getClass()).warning("Took over the lock of " + database
                        .getDatabaseChangeLogLockTableName() + " left by " + row.lockedBy + " since " + row.granted
                        + ": that process is gone.");
            }
            writeRow(true, OWNER_PREFIX + ProcessHandle.current().pid() + "@" + host());
            HELD.put(connection(), new Held(lock));
            hasChangeLogLock = true;
            return true;
        } catch (SQLException | DatabaseException | IOException | RuntimeException e) {
            if (lock != null) {
                lock.release();
            }
            throw new LockException("could not take the lock: " + e.getMessage(), e);
        }
    }

    /**
     * Liquibase releases the lock at the end of each of its commands; a lock that dbsteps holds for a whole command of
     * its own stays held until {@link #releaseHeld(Database)}.
     */
    @Override
    public void releaseLock() throws LockException {
        if (previewing()) {
            super.releaseLock();
            return;
        }
        hasChangeLogLock = false;
        Held held = HELD.get(connection());
        if (held == null || held.pinned) {
            return;
        }
        try {
            database.rollback(); // whatever was not committed by now was abandoned
            writeRow(false, null);
        } catch (SQLException | DatabaseException e) {
            throw new LockException("could not clear the lock row: " + e.getMessage(), e);
        } finally {
            HELD.remove(connection());
            held.lock.release();
        }
    }

    /**
     * Takes the lock of the database's schema for a whole dbsteps command, waiting as configured, so that everything
     * the command does (reading the history, planning, each Liquibase command it runs, the undo table and archives)
     * happens under one lock. For dbsteps' own use, inside its Liquibase scope.
     *
     * @param database the database of the command
     * @throws LockException if the lock could not be taken in time
     */
    public static void holdFor(Database database) throws LockException {
        LockService service = LockServiceFactory.getInstance().getLockService(database);
        service.waitForLock();
        Held held = service instanceof DbStepsLockService ? HELD.get(connectionOf(database)) : null;
        if (held != null) {
            held.pinned = true;
        }
    }

    /**
     * Releases whatever lock the database's connection still holds: the lock of {@link #holdFor(Database)}, or one a
     * failed Liquibase command left. A broken connection is no error: the server drops a session lock with it. For
     * dbsteps' own use, inside its Liquibase scope.
     *
     * @param database the database of the command
     */
    public static void releaseHeld(Database database) {
        try {
            Held held = HELD.get(connectionOf(database));
            if (held != null) {
                held.pinned = false;
            }
            LockService service = LockServiceFactory.getInstance().getLockService(database);
            if (held != null || service.hasChangeLogLock()) {
                service.releaseLock();
            }
        } catch (LockException | RuntimeException e) {
            Held held = HELD.remove(connectionOf(database));
            if (held != null) {
                held.lock.release();
            }
        }
    }

    @Override
    public void forceReleaseLock() throws LockException, DatabaseException {
        init();
        try {
            writeRow(false, null);
        } catch (SQLException e) {
            throw new LockException(e);
        }
        releaseLock();
    }

    // ---------------------------------------------------------------- the session lock

    /** A lock the database or the operating system drops when its process dies. */
    private interface SessionLock {
        void release();
    }

    /** A session lock a connection holds; a pinned one outlives the Liquibase command that took it. */
    private static final class Held {
        final SessionLock lock;
        volatile boolean pinned;

        Held(SessionLock lock) {
            this.lock = lock;
        }
    }

    private Connection connection() {
        return connectionOf(database);
    }

    private static Connection connectionOf(Database database) {
        return ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    }

    private SessionLock trySessionLock() throws SQLException, IOException {
        if (database instanceof PostgresDatabase) {
            int key = schemaKey();
            try (PreparedStatement ps = connection().prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, DBSTEPS_KEY);
                ps.setInt(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
            return () -> {
                try (PreparedStatement ps = connection().prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    ps.setInt(1, DBSTEPS_KEY);
                    ps.setInt(2, key);
                    ps.executeQuery().close();
                } catch (SQLException ignored) {
                    // the connection is gone, and the server released the lock with it
                }
            };
        }
        Path file = lockFile();
        if (file == null) {
            return () -> { }; // an in-memory database lives in this process alone
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((OWNER_PREFIX + ProcessHandle.current().pid() + "@" + host() + " since "
                + java.time.Instant.now()).getBytes(StandardCharsets.UTF_8)), 0);
        FileLock held = lock;
        return () -> {
            try {
                held.release();
                channel.close();
            } catch (IOException ignored) {
                // the operating system releases the lock when the channel or the process goes
            }
        };
    }

    private int schemaKey() throws SQLException {
        return SchemaLockProbe.schemaKey(connection(), database.getDatabaseChangeLogLockTableName());
    }

    /** The file beside an SQLite database that holds its lock, or null for an in-memory database. */
    private Path lockFile() throws SQLException {
        return SchemaLockProbe.lockFile(connection(), database.getDatabaseChangeLogLockTableName());
    }

    /** Who holds the lock, as precisely as the database can say. */
    private String holder() {
        StringBuilder who = new StringBuilder();
        try {
            Row row = readRow();
            if (row.locked) {
                who.append(row.lockedBy).append(" since ").append(row.granted);
                if (row.lockedBy == null || !row.lockedBy.startsWith(OWNER_PREFIX)) {
                    who.append(" (a Liquibase client without dbsteps; if it is gone, clear the lock with its "
                            + "releaseLocks command)");
                }
            }
            if (database instanceof PostgresDatabase) {
                try (PreparedStatement ps = connection().prepareStatement("""
                        SELECT a.pid, a.application_name, a.client_addr, a.backend_start FROM pg_locks l
                        JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 2
                          AND l.granted""")) {
                    ps.setLong(1, Integer.toUnsignedLong(DBSTEPS_KEY));
                    ps.setLong(2, Integer.toUnsignedLong(schemaKey()));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            who.append(who.length() == 0 ? "" : ", ").append("server process ").append(rs.getInt(1))
                                    .append(" (application '").append(rs.getString(2)).append("', client ")
                                    .append(rs.getString(3)).append(", connected since ").append(rs.getTimestamp(4))
                                    .append(")");
                        }
                    }
                }
            }
        } catch (SQLException | DatabaseException e) {
            who.append(" (who holds it could not be read: ").append(e.getMessage()).append(")");
        }
        return who.length() == 0 ? "another process" : who.toString();
    }

    // ---------------------------------------------------------------- Liquibase's lock row

    private record Row(boolean locked, String granted, String lockedBy) {
    }

    private String table() {
        return database.escapeTableName(database.getLiquibaseCatalogName(), database.getLiquibaseSchemaName(),
                database.getDatabaseChangeLogLockTableName());
    }

    private Row readRow() throws SQLException, DatabaseException {
        try (PreparedStatement ps = connection().prepareStatement(
                "SELECT LOCKED, LOCKGRANTED, LOCKEDBY FROM " + table() + " WHERE ID = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new Row(false, null, null);
            }
            return new Row(rs.getBoolean(1), rs.getString(2), rs.getString(3));
        } finally {
            if (!connection().getAutoCommit()) {
                database.commit();
            }
        }
    }

    private void writeRow(boolean locked, String by) throws SQLException, DatabaseException {
        try (PreparedStatement ps = connection().prepareStatement("UPDATE " + table() + " SET LOCKED = ?, LOCKGRANTED = "
                + (locked ? "CURRENT_TIMESTAMP" : "NULL") + ", LOCKEDBY = ? WHERE ID = 1")) {
            ps.setBoolean(1, locked);
            ps.setString(2, by);
            ps.executeUpdate();
        }
        if (!connection().getAutoCommit()) {
            database.commit();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
