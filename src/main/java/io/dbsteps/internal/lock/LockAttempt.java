package io.dbsteps.internal.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a dbsteps command takes its schema's lock, the one rule for commands run through Liquibase ({@link SchemaLock})
 * and for the compiled path ({@link JdbcSchemaLock}): the session lock first (the lock table is created and read only
 * by its holder, so processes that start at once never race to create it), then Liquibase's lock row, which a plain
 * Liquibase client may hold (respected) or a dead dbsteps process may have left (taken over, since its session lock
 * is free); a holder is waited for within the lock wait, with pauses that double. This class must not use Liquibase.
 */
public final class LockAttempt {
    private LockAttempt() {
    }

    /** Where the lock is taken: the database-specific steps of one attempt. */
    public interface Site {
        /** The session lock, or null if another session holds it. */
        SessionLock trySessionLock() throws Exception;

        /** Creates the lock table and its row if missing. */
        void ensureTable() throws Exception;

        LockRow readRow() throws Exception;

        /** Marks or clears the row, and commits. */
        void writeRow(boolean locked, String by) throws Exception;
    }

    /**
     * One attempt.
     *
     * @param tookOver told who left the row marked, when a dead dbsteps process's row is taken over
     * @return the session lock now held, or null when another holds the lock
     */
    public static SessionLock tryTake(Site site, Consumer<String> tookOver) throws Exception {
        SessionLock lock = site.trySessionLock();
        if (lock == null) {
            return null;
        }
        try {
            site.ensureTable();
            LockRow row = site.readRow();
            if (row.locked() && !row.byDbsteps()) {
                lock.release(); // a plain Liquibase client holds the row: respect it
                return null;
            }
            if (row.locked()) {
                tookOver.accept(row.describe());
            }
            site.writeRow(true, owner());
            return lock;
        } catch (Exception e) {
            lock.release();
            throw e;
        }
    }

    /**
     * The session lock of a lock table: PostgreSQL's advisory lock, or SQLite's lock file.
     *
     * @return the lock, or null if another session holds it
     */
    public static SessionLock trySessionLock(Connection c, boolean postgres, String table) throws Exception {
        return postgres ? AdvisoryLock.tryTake(c, table) : LockFile.tryTake(c, table, owner());
    }

    /** One attempt: true once the lock is held. */
    public interface Attempt {
        boolean tryOnce() throws Exception;
    }

    /** The lock was not free within the wait, or the wait was interrupted. */
    public static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /**
     * Tries until the lock is held or the wait is over.
     *
     * @param betweenTries what to do after a failed attempt (end a read transaction)
     * @param holder       who holds the lock, for the message
     * @return how long it waited in milliseconds, or -1 if the first attempt took it
     */
    public static long waitFor(Duration wait, Attempt attempt, Runnable betweenTries, Supplier<String> holder)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        long pause = 25;
        boolean waited = false;
        while (!attempt.tryOnce()) {
            waited = true;
            betweenTries.run();
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new TimedOut("the lock was held by " + holder.get() + " for longer than the " + wait.toMillis()
                        + " ms dbsteps waits (lockWait)");
            }
            try {
                Thread.sleep(Math.min(pause, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimedOut("interrupted while waiting for the lock held by " + holder.get());
            }
            pause = Math.min(pause * 2, 500);
        }
        return waited ? (System.nanoTime() - start) / 1_000_000 : -1;
    }

    /**
     * Who holds the lock, as precisely as the database can say: the row, and the session or file that holds it.
     *
     * @param table   the lock table's name, which names the session lock
     * @param inSql   the lock table's name as it is written in SQL
     */
    public static String holder(Connection c, boolean postgres, String table, String inSql) {
        StringBuilder who = new StringBuilder();
        try {
            LockRow row = LockRow.read(c, inSql);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            if (row.locked()) {
                who.append(row.describe());
                if (!row.byDbsteps()) {
                    who.append(" (a Liquibase client without dbsteps; if it is gone, clear the lock with its "
                            + "releaseLocks command)");
                }
            }
        } catch (SQLException | RuntimeException e) {
            // no row to read yet: the session lock below says who holds it
        }
        try {
            String session = postgres ? AdvisoryLock.holder(c, table) : LockFile.holder(c, table);
            if (session != null && (who.length() == 0 || postgres)) {
                who.append(who.length() == 0 ? "" : ", ").append(session);
            }
        } catch (SQLException | RuntimeException e) {
            who.append(" (who holds it could not be read: ").append(e.getMessage()).append(")");
        }
        return who.length() == 0 ? "another dbsteps command" : who.toString();
    }

    /** Whether a failure is SQLite's "the database file is locked" (SQLITE_BUSY, code 5), anywhere in its causes. */
    public static boolean busy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && (s.getErrorCode() == 5 || String.valueOf(s.getMessage())
                    .contains("SQLITE_BUSY"))) {
                return true;
            }
        }
        return false;
    }

    /** How dbsteps marks the lock row: the prefix, then {@code pid@host}. */
    public static String owner() {
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
