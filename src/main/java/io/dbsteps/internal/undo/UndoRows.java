package io.dbsteps.internal.undo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of the undo table, {@code <prefix>_undo}, written with JDBC alone: the one definition of the table and of
 * its rows, used by {@link UndoStore} under Liquibase and by the compiled path without it. This class must not use
 * Liquibase.
 */
public final class UndoRows {
    /** Between the statements of a stored rollback. */
    public static final String SEPARATOR = "\n-- dbsteps: next statement\n";

    private UndoRows() {
    }

    /**
     * A changeset's stored rollback.
     *
     * @param sql its statements joined by {@link #SEPARATOR}, or null when none could be stored (its rollback runs
     *            Java code or could not be rendered)
     */
    public record Stored(String sql) {
        public boolean storable() {
            return sql != null;
        }

        /** The statements, in order; none when none could be stored. */
        public List<String> statements() {
            return sql == null || sql.isEmpty() ? List.of() : Arrays.asList(sql.split(SEPARATOR, -1));
        }
    }

    /** Identifies a changeset's row. */
    public record Key(String id, String author, String file) {
    }

    /** Every stored rollback, by changeset, in one query; the table must exist. Reads only. */
    public static Map<Key, Stored> all(Connection c, String table) throws SQLException {
        Map<Key, Stored> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, author, filename, rollback_sql FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), new Stored(rs.getString(4)));
            }
        }
        return out;
    }

    /** A changeset's stored rollback, if its row is there; the table must exist. Reads only. */
    public static Optional<Stored> find(Connection c, String table, String id, String author, String file)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT rollback_sql FROM " + table + " WHERE id = ? AND author = ? AND filename = ?")) {
            ps.setString(1, id);
            ps.setString(2, author);
            ps.setString(3, file);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Creates the undo table if it is missing. */
    public static void ensureTable(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(255) NOT NULL, "
                    + "author VARCHAR(255) NOT NULL, filename VARCHAR(255) NOT NULL, rollback_sql TEXT, "
                    + "stored_at VARCHAR(40) NOT NULL, PRIMARY KEY (id, author, filename))");
        }
    }

    /** Replaces a changeset's stored rollback, in the caller's transaction; null SQL means none can be stored. */
    public static void store(Connection c, String table, String id, String author, String file, String sql)
            throws SQLException {
        delete(c, table, id, author, file);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (id, author, filename, rollback_sql, stored_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, author);
            ps.setString(3, file);
            ps.setString(4, sql);
            ps.setString(5, java.time.Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** Forgets a changeset's stored rollback, in the caller's transaction. */
    public static void delete(Connection c, String table, String id, String author, String file) throws SQLException {
        try (PreparedStatement ps = prepareDelete(c, table)) {
            delete(ps, id, author, file);
        }
    }

    /** The statement that forgets stored rollbacks, for {@link #delete(PreparedStatement, String, String, String)}. */
    public static PreparedStatement prepareDelete(Connection c, String table) throws SQLException {
        return c.prepareStatement("DELETE FROM " + table + " WHERE id = ? AND author = ? AND filename = ?");
    }

    /** Forgets a changeset's stored rollback with a statement from {@link #prepareDelete}, in its transaction. */
    public static void delete(PreparedStatement ps, String id, String author, String file) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, author);
        ps.setString(3, file);
        ps.executeUpdate();
    }
}
