package io.dbsteps.ext;

import io.dbsteps.internal.jdbc.Tables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The progress of the backfills of {@link BatchedBackfill}, kept in the database so that a backfill survives a
 * crash: one row per backfill in the progress table (default {@code dbsteps_backfill}), and, in
 * {@code <progress table>_kept}, the keys of the rows inside the processed key range that the backfill left alone
 * because they already had a value. Both tables are created by the first backfill and dropped by the undo of the
 * last one, so a database whose backfills are all rolled back has neither.
 */
final class BackfillProgress {
    static final String DEFAULT_TABLE = "dbsteps_backfill";

    /** Filling, interrupted or in progress. */
    static final String RUNNING = "running";
    /** Filled every row of the key range. */
    static final String DONE = "done";
    /** Being undone by {@link UndoBackfill}. */
    static final String UNDOING = "undoing";

    private final String table;
    private final String kept;

    BackfillProgress(String table) {
        this.table = table == null || table.isBlank() ? DEFAULT_TABLE : table.trim();
        this.kept = this.table + "_kept";
    }

    String table() {
        return table;
    }

    String keptTable() {
        return kept;
    }

    /** One backfill's row. */
    record Row(String name, String table, String key, String column, String state, String lastKey, String undoKey,
               long total, long done, long batches, long longestBatchMs, long elapsedMs) {
    }

    /** Creates both tables if they are missing. The caller commits. */
    void create(Connection c) throws SQLException {
        execute(c, "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "name VARCHAR(255) NOT NULL PRIMARY KEY, "
                + "table_name VARCHAR(255) NOT NULL, "
                + "key_column VARCHAR(255) NOT NULL, "
                + "column_name VARCHAR(255) NOT NULL, "
                + "state VARCHAR(20) NOT NULL, "
                + "last_key VARCHAR(255), "
                + "undo_key VARCHAR(255), "
                + "rows_total BIGINT NOT NULL, "
                + "rows_done BIGINT NOT NULL, "
                + "batches BIGINT NOT NULL, "
                + "longest_batch_ms BIGINT NOT NULL, "
                + "elapsed_ms BIGINT NOT NULL)");
        execute(c, "CREATE TABLE IF NOT EXISTS " + kept + " ("
                + "name VARCHAR(255) NOT NULL, "
                + "key_value VARCHAR(255) NOT NULL, "
                + "PRIMARY KEY (name, key_value))");
    }

    /** True if the progress table exists. */
    boolean exists(Connection c) throws SQLException {
        return tableExists(c, table);
    }

    /** The backfill's row, or {@code null} if the table or the row does not exist. */
    Row read(Connection c, String name) throws SQLException {
        if (!exists(c)) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT name, table_name, key_column, column_name, state, "
                + "last_key, undo_key, rows_total, rows_done, batches, longest_batch_ms, elapsed_ms FROM " + table
                + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                        rs.getLong(12));
            }
        }
    }

    void start(Connection c, String name, String onTable, String key, String column, long total) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name, table_name, key_column, "
                + "column_name, state, last_key, undo_key, rows_total, rows_done, batches, longest_batch_ms, elapsed_ms)"
                + " VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, 0, 0, 0, 0)")) {
            ps.setString(1, name);
            ps.setString(2, onTable);
            ps.setString(3, key);
            ps.setString(4, column);
            ps.setString(5, RUNNING);
            ps.setLong(6, total);
            ps.executeUpdate();
        }
    }

    /** Records one finished batch of the fill. The caller commits, in the batch's own transaction. */
    void batchFilled(Connection c, String name, String lastKey, long rows, long millis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET last_key = ?, rows_done = rows_done + ?,"
                + " batches = batches + 1, longest_batch_ms = CASE WHEN longest_batch_ms < ? THEN ? ELSE longest_batch_ms"
                + " END, elapsed_ms = elapsed_ms + ? WHERE name = ?")) {
            ps.setString(1, lastKey);
            ps.setLong(2, rows);
            ps.setLong(3, millis);
            ps.setLong(4, millis);
            ps.setLong(5, millis);
            ps.setString(6, name);
            ps.executeUpdate();
        }
    }

    /** Records one finished batch of the undo. The caller commits, in the batch's own transaction. */
    void batchUndone(Connection c, String name, String undoKey, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET undo_key = ?, rows_done = rows_done - ?"
                + " WHERE name = ?")) {
            ps.setString(1, undoKey);
            ps.setLong(2, rows);
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    void state(Connection c, String name, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = ? WHERE name = ?")) {
            ps.setString(1, state);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    /**
     * Forgets the backfill: deletes its row and its kept keys, and drops both tables if no other backfill is left in
     * them. The caller commits.
     */
    void forget(Connection c, String name) throws SQLException {
        if (!exists(c)) {
            return;
        }
        if (tableExists(c, kept)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + kept + " WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
        long left;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            left = rs.getLong(1);
        }
        if (left == 0) {
            if (tableExists(c, kept)) {
                execute(c, "DROP TABLE " + kept);
            }
            execute(c, "DROP TABLE " + table);
        }
    }

    /** True if a table of that name exists in the connection's current schema. */
    static boolean tableExists(Connection c, String name) throws SQLException {
        return Tables.exists(c, name);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
