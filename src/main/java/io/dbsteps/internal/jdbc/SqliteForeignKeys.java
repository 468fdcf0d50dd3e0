package io.dbsteps.internal.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite changes some tables by rebuilding them: create a copy, move the rows, drop the original, rename. With
 * foreign keys enforced, dropping the original deletes, or cascades to, the rows that reference it. So, as SQLite's
 * documentation prescribes, enforcement is off while dbsteps changes the schema, is restored afterwards, and
 * {@code PRAGMA foreign_key_check} verifies that the change left every reference intact.
 */
public final class SqliteForeignKeys implements AutoCloseable {
    private final Connection connection;
    private final boolean wasOn;

    private SqliteForeignKeys(Connection connection, boolean wasOn) {
        this.connection = connection;
        this.wasOn = wasOn;
    }

    /** Turns enforcement off for the connection; {@link #close()} turns it back on if it was on. */
    public static SqliteForeignKeys suspend(Connection connection) throws SQLException {
        boolean on = enforced(connection);
        if (on) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true); // the pragma is ignored inside a transaction
            }
            execute(connection, "PRAGMA foreign_keys = OFF");
            if (enforced(connection)) {
                throw new SQLException("PRAGMA foreign_keys could not be turned off for the migration");
            }
        }
        return new SqliteForeignKeys(connection, on);
    }

    /** Up to five rows that reference a missing parent, described; empty if every reference holds. */
    public static List<String> violations(Connection connection) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next() && out.size() < 5) {
                out.add(rs.getString(1) + " row " + rs.getLong(2) + " references a missing row of " + rs.getString(3));
            }
        }
        return out;
    }

    private static boolean enforced(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        if (wasOn && !connection.isClosed()) {
            boolean auto = connection.getAutoCommit();
            if (!auto) {
                connection.rollback(); // Liquibase commits what it completes; anything still open was abandoned
                connection.setAutoCommit(true);
            }
            execute(connection, "PRAGMA foreign_keys = ON");
            connection.setAutoCommit(auto);
        }
    }
}
