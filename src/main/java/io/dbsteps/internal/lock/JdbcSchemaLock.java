package io.dbsteps.internal.lock;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The schema lock of the compiled path, taken with JDBC alone by the rule of {@link LockAttempt}: the session lock,
 * then Liquibase's lock row. It makes one attempt and never waits: a compiled update that finds the lock held hands
 * the update to the Liquibase path, which waits as configured and reports a holder that stays. This class must not
 * use Liquibase.
 */
public final class JdbcSchemaLock implements AutoCloseable {
    /** SQL that creates the lock table and its row if they are missing. */
    public interface TableInit {
        void ensure() throws SQLException;
    }

    private final Connection c;
    private final String table;
    private final SessionLock held;
    private final String tookOverFrom;

    private JdbcSchemaLock(Connection c, String table, SessionLock held, String tookOverFrom) {
        this.c = c;
        this.table = table;
        this.held = held;
        this.tookOverFrom = tookOverFrom;
    }

    /**
     * @param lockTable the lock table's name, as it is written in SQL
     * @return the lock, held; or null when another session holds it (or, on SQLite, is writing the file)
     */
    public static JdbcSchemaLock tryTake(Connection c, boolean postgres, String lockTable, TableInit init)
            throws Exception {
        String[] left = new String[1];
        SessionLock lock;
        try {
            lock = LockAttempt.tryTake(new LockAttempt.Site() {
                @Override
                public SessionLock trySessionLock() throws Exception {
                    return LockAttempt.trySessionLock(c, postgres, lockTable);
                }

                @Override
                public void ensureTable() throws SQLException {
                    init.ensure();
                    commit(c);
                }

                @Override
                public LockRow readRow() throws SQLException {
                    LockRow row = LockRow.read(c, lockTable);
                    commit(c);
                    return row;
                }

                @Override
                public void writeRow(boolean locked, String by) throws SQLException {
                    LockRow.write(c, lockTable, locked, by);
                    commit(c);
                }
            }, from -> left[0] = from);
        } catch (Exception e) {
            if (LockAttempt.busy(e)) {
                return null;
            }
            throw e;
        }
        return lock == null ? null : new JdbcSchemaLock(c, lockTable, lock, left[0]);
    }

    /** Who left the lock row marked when this lock took it over (a dbsteps process that is gone), or null. */
    public String tookOverFrom() {
        return tookOverFrom;
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /**
     * Releases the lock: whatever was not committed is rolled back, the row cleared, the session lock released. A
     * broken connection is no error: the server or the operating system drops the session lock with it.
     */
    @Override
    public void close() {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            LockRow.write(c, table, false, null);
            commit(c);
        } catch (SQLException | RuntimeException e) {
            // the row stays marked by a dbsteps process that is gone; the next taker takes it over
        } finally {
            held.release();
        }
    }
}
