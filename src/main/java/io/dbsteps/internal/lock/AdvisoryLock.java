package io.dbsteps.internal.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL's session-level advisory lock, keyed per namespace and lock table: {@code pg_try_advisory_lock(k1, k2)},
 * k1 for dbsteps and k2 for the schema. The server releases it when the session ends, however the process ended.
 */
final class AdvisoryLock {
    static final int DBSTEPS_KEY = 0x64627374; // "dbst"

    private AdvisoryLock() {
    }

    /** Takes the lock if it is free; null if another session holds it. */
    public static SessionLock tryTake(Connection c, String lockTable) throws SQLException {
        int key = key(c, lockTable);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, DBSTEPS_KEY);
            ps.setInt(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return null;
                }
            }
        }
        return () -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                ps.setInt(1, DBSTEPS_KEY);
                ps.setInt(2, key);
                ps.executeQuery().close();
            } catch (SQLException ignored) {
                // the connection is gone, and the server released the lock with it
            }
        };
    }

    /** The server session that holds the lock, if any: its process id, user, application, client and start. */
    public static String holder(Connection c, String lockTable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.pid, a.usename, a.application_name, a.client_addr, a.backend_start FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 2
                  AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
            ps.setLong(1, Integer.toUnsignedLong(DBSTEPS_KEY));
            ps.setLong(2, Integer.toUnsignedLong(key(c, lockTable)));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return "server process " + rs.getInt(1) + " (user " + rs.getString(2) + ", application '"
                        + rs.getString(3) + "', client " + rs.getString(4) + ", connected since " + rs.getTimestamp(5)
                        + ")";
            }
        }
    }

    public static int key(Connection c, String lockTable) throws SQLException {
        return (c.getSchema() + "." + lockTable).hashCode();
    }
}
