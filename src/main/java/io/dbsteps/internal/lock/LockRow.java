package io.dbsteps.internal.lock;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;

/**
 * Liquibase's lock row (ID 1 of the lock table), which plain Liquibase clients (the Maven plugin, Spring Boot) read.
 * dbsteps marks it while it holds its session lock, so that they wait for dbsteps; dbsteps respects a row that a plain
 * client marked.
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

    public static LockRow read(Database database) throws SQLException, DatabaseException {
        Connection c = JdbcConnections.of(database);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT LOCKED, LOCKGRANTED, LOCKEDBY FROM " + table(database) + " WHERE ID = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new LockRow(false, null, null);
            }
            return new LockRow(rs.getBoolean(1), rs.getString(2), rs.getString(3));
        } finally {
            if (!c.getAutoCommit()) {
                database.commit();
            }
        }
    }

    public static void write(Database database, boolean locked, String by) throws SQLException, DatabaseException {
        Connection c = JdbcConnections.of(database);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(database) + " SET LOCKED = ?, LOCKGRANTED = "
                + (locked ? "CURRENT_TIMESTAMP" : "NULL") + ", LOCKEDBY = ? WHERE ID = 1")) {
            ps.setBoolean(1, locked);
            ps.setString(2, by);
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) {
            database.commit();
        }
    }

    private static String table(Database database) {
        return database.escapeTableName(database.getLiquibaseCatalogName(), database.getLiquibaseSchemaName(),
                database.getDatabaseChangeLogLockTableName());
    }
}
