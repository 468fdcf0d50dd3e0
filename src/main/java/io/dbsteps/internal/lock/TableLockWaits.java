package io.dbsteps.internal.lock;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded, visible waits for other sessions' table locks on PostgreSQL, for changesets run through Liquibase and for
 * the compiled path alike (this class must not use Liquibase).
 * <ul>
 *   <li>Every dbsteps session runs with {@code lock_timeout} set to its {@code lockWait}, so that reading the tracking
 *       table while another session locks it fails after that wait instead of hanging
 *       ({@link #boundSession(Connection, Duration)}).</li>
 *   <li>A changeset's statements that run in a transaction wait at most the {@link TableLockPolicy} timeout per
 *       attempt, behind a savepoint; an attempt that times out is rolled back to the savepoint and tried again after a
 *       pause, as GitLab's lock retries and strong_migrations do. When the attempts run out, {@link Timeout} names the
 *       sessions holding locks on the tables the statements touch.</li>
 *   <li>Statements outside a transaction ({@code runInTransaction: false}, e.g. CREATE INDEX CONCURRENTLY) wait
 *       without a lock timeout: interrupted halfway, they would leave an invalid index behind.</li>
 * </ul>
 */
public final class TableLockWaits {
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final Pattern WORD = Pattern.compile("\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_$]*)");

    /** Statements that may wait for a table lock. */
    public interface Work {
        void run() throws Exception;
    }

    /** The retries ran out: the blocked statements changed nothing. Failures turns it into TABLE_LOCKED. */
    public static final class Timeout extends SQLException {
        private static final long serialVersionUID = 1L;
        private final int attempts;
        private final transient TableLockPolicy policy;
        private final String blockers;

        Timeout(int attempts, TableLockPolicy policy, String blockers, Throwable cause) {
            super("waited for a table lock " + attempts + " times, " + policy.timeout().toMillis() + " ms each",
                    cause);
            this.attempts = attempts;
            this.policy = policy;
            this.blockers = blockers;
        }

        public int attempts() {
            return attempts;
        }

        public TableLockPolicy policy() {
            return policy;
        }

        /** The sessions holding locks on the tables involved, one sentence part; or what could be found. */
        public String blockers() {
            return blockers;
        }
    }

    private TableLockWaits() {
    }

    /**
     * Sets the session's {@code lock_timeout} to the lock wait on PostgreSQL (at least 1 ms: 0 would mean no limit),
     * and returns what puts the previous value back.
     */
    public static AutoCloseable boundSession(Connection c, Duration lockWait) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if ("SQLite".equals(product)) {
            return sqliteBusyTimeout(c, lockWait);
        }
        if (!"PostgreSQL".equals(product)) {
            return () -> { };
        }
        String previous;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW lock_timeout")) {
            rs.next();
            previous = rs.getString(1);
        }
        set(c, Math.max(1, lockWait.toMillis()) + "ms", false);
        return () -> {
            try {
                if (!c.getAutoCommit()) {
                    c.rollback(); // what the command left uncommitted is abandoned, as the lease's close would
                    set(c, previous, false);
                    c.commit(); // so that the restored value outlives the lease's closing rollback
                } else {
                    set(c, previous, false);
                }
            } catch (SQLException ignored) {
                // the connection is broken or its transaction aborted; a closed connection takes the setting with it
            }
        };
    }

    /**
     * On SQLite, another connection that is reading or writing the file makes a statement fail at once with
     * SQLITE_BUSY; with a busy timeout it waits for that connection instead, at most the lock wait. The previous
     * timeout is restored when the command ends.
     */
    private static AutoCloseable sqliteBusyTimeout(Connection c, Duration lockWait) throws SQLException {
        int previous;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
            previous = rs.next() ? rs.getInt(1) : 0;
        }
        long millis = Math.min(Integer.MAX_VALUE, Math.max(1, lockWait.toMillis()));
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + millis);
        }
        return () -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + previous);
            } catch (SQLException ignored) {
                // a closed connection takes the setting with it
            }
        };
    }

    private static void set(Connection c, String value, boolean local) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, ?)")) {
            ps.setString(1, value);
            ps.setBoolean(2, local);
            ps.executeQuery().close();
        }
    }

    /**
     * Runs a changeset's statements under the policy: in a transaction with short attempts and retries, outside
     * one without a lock timeout.
     *
     * @param sql the SQL the statements run, to name the tables when the attempts run out
     */
    public static void run(Connection c, TableLockPolicy policy, Duration lockWait, Supplier<List<String>> sql, Work work)
            throws Exception {
        try {
            if (c.getAutoCommit()) {
                set(c, "0", false);
                try {
                    work.run();
                } finally {
                    set(c, Math.max(1, lockWait.toMillis()) + "ms", false);
                }
                return;
            }
            for (int attempt = 1; ; attempt++) {
                try (Statement st = c.createStatement()) {
                    st.execute("SAVEPOINT dbsteps_table_lock");
                }
                set(c, Math.max(1, policy.timeout().toMillis()) + "ms", true);
                try {
                    work.run();
                    try (Statement st = c.createStatement()) {
                        st.execute("RELEASE SAVEPOINT dbsteps_table_lock");
                    }
                    return;
                } catch (Exception e) {
                    if (!lockTimedOut(e)) {
                        throw e;
                    }
                    try (Statement st = c.createStatement()) {
                        st.execute("ROLLBACK TO SAVEPOINT dbsteps_table_lock");
                    }
                    if (attempt > policy.retries()) {
                        throw new Timeout(attempt, policy, blockers(c, sql.get()), e);
                    }
                    Thread.sleep(policy.pause(attempt).toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry a statement blocked by a table lock", e);
        }
    }

    public static boolean lockTimedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /**
     * The sessions that hold locks on the tables the SQL names: server process, user, application, state, when its
     * query started and how long its transaction (in which it holds the lock) has been open.
     */
    public static String blockers(Connection c, List<String> sql) {
        Set<String> names = new LinkedHashSet<>();
        for (String s : sql) {
            Matcher m = WORD.matcher(s);
            while (m.find()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(2).toLowerCase(Locale.ROOT));
            }
        }
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.pid, a.usename, a.application_name, a.state, a.query_start,
                       EXTRACT(EPOCH FROM now() - COALESCE(a.xact_start, a.query_start))::bigint, c.relname,
                       string_agg(DISTINCT l.mode, ', ')
                FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relname = ANY (?) AND pg_table_is_visible(c.oid)
                GROUP BY a.pid, a.usename, a.application_name, a.state, a.query_start, a.xact_start, c.relname
                ORDER BY a.pid, c.relname""")) {
            Array array = c.createArrayOf("text", names.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add("server process " + rs.getInt(1) + " (user " + rs.getString(2) + ", application '"
                            + rs.getString(3) + "', state " + rs.getString(4) + ", query started " + rs.getTimestamp(5)
                            + ") holds " + rs.getString(8) + " on " + rs.getString(7) + " in a transaction open for "
                            + rs.getLong(6) + " s");
                }
            }
        } catch (SQLException e) {
            return "who holds the lock could not be read (" + e.getMessage() + ")";
        }
        return found.isEmpty() ? "the session that held the lock has released it since"
                : String.join("; ", found);
    }
}
