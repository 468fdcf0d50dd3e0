package io.dbsteps.internal.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Liquibase's lock row (ID 1 of the lock table), which plain Liquibase clients (the Maven plugin, Spring Boot) read.
 * dbsteps marks it while it holds its session lock, so that they wait for dbsteps; dbsteps respects a row that a plain
 * client marked. Read and written with JDBC alone; the caller commits. This class must not use Liquibase.
 *
 * @param locked   whether the row is marked
 * @param granted  since when, as the database wrote it
 * @param lockedBy who marked it
 */
record LockRow(boolean locked, String granted, String lockedBy) {
    /** How dbsteps marks the row: this prefix, then {@code pid@host}. */
    public static final String OWNER_PREFIX = "dbsteps ";

    /** Whether a dbsteps process marked the row (and so the session lock, not the row, tells if it is alive). */
    public boolean byDbsteps() {
        return lockedBy != null && lockedBy.startsWith(OWNER_PREFIX);
    }

    /** Who marked the row and since when, for messages; a client that wrote neither is still described. */
    public String describe() {
        return (lockedBy == null || lockedBy.isBlank() ? "a client that did not name itself" : lockedBy)
                + (granted == null ? "" : " since " + granted);
    }

    /** @param table the lock table's name as it is written in SQL */
    public static LockRow read(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT LOCKED, LOCKGRANTED, LOCKEDBY FROM " + table + " WHERE ID = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new LockRow(false, null, null);
            }
            return new LockRow(rs.getBoolean(1), rs.getString(2), rs.getString(3));
        }
    }

    /** @param table the lock table's name as it is written in SQL */
    public static void write(Connection c, String table, boolean locked, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET LOCKED = ?, LOCKGRANTED = "
                + (locked ? "CURRENT_TIMESTAMP" : "NULL") + ", LOCKEDBY = ? WHERE ID = 1")) {
            ps.setBoolean(1, locked);
            ps.setString(2, by);
            ps.executeUpdate();
        }
    }
}
