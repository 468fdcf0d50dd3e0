package io.dbsteps.internal.command;


import io.dbsteps.internal.config.ConnectionSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a {@code HealthCheck.sql(...)} check: the query that dbsteps runs itself, so that it can bound it with a
 * {@code statement_timeout} and cancel its statement ({@link Statement#cancel()}) when the release's timeout passes.
 */
final class SqlCheckRun {
    private final String query;
    private final AtomicReference<Statement> running = new AtomicReference<>();

    public SqlCheckRun(String query) {
        this.query = query;
    }

    /** Runs the query on a connection of the source, bounded by the timeout on PostgreSQL. */
    public boolean run(ConnectionSource source, Duration timeout) throws SQLException {
        try (ConnectionSource.Lease lease = source.open()) {
            Connection c = lease.connection();
            boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            if (postgres) {
                c.setAutoCommit(false);
            }
            try (Statement st = c.createStatement()) {
                running.set(st);
                if (postgres) {
                    st.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
                }
                try (ResultSet rs = st.executeQuery(query)) {
                    return rs.next() && rs.getBoolean(1);
                }
            } finally {
                running.set(null);
                if (postgres) {
                    c.rollback();
                }
            }
        }
    }

    /** Cancels the query if it is running; the check then fails. */
    public void cancel() {
        Statement st = running.get();
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException ignored) {
                // the statement ended meanwhile, or the connection is gone: either way it no longer runs
            }
        }
    }
}
