package io.dbsteps.internal.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connections a fleet's worker thread keeps from one target to the next. Targets that are namespaces of one
 * PostgreSQL database (URLs that differ only in {@code currentSchema}) share the worker's connection to that
 * database, which is moved to each target's namespace: opening a PostgreSQL connection costs about 20 ms, more than
 * the no-op it serves. A worker never holds more than one connection per database, and closes them when it ends.
 */
public final class WorkerConnections {
    private static final ThreadLocal<WorkerConnections> CURRENT = new ThreadLocal<>();
    private static final Pattern CURRENT_SCHEMA = Pattern.compile("([?&])currentSchema=([^&]*)&?");

    private final Map<String, Connection> open = new HashMap<>();

    private WorkerConnections() {
    }

    /** Runs a worker's whole life with connections kept between its targets, and closes them at its end. */
    public static void around(Runnable worker) {
        WorkerConnections mine = new WorkerConnections();
        CURRENT.set(mine);
        try {
            worker.run();
        } finally {
            CURRENT.remove();
            mine.open.values().forEach(WorkerConnections::closeQuietly);
        }
    }

    /**
     * The worker's kept connection for this URL, moved to the URL's namespace, or null when the URL is not one a
     * worker shares. The caller must not close it: the worker does when it ends.
     */
    static Connection kept(String url, Properties props) throws SQLException {
        WorkerConnections mine = CURRENT.get();
        if (mine == null || !url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            return null;
        }
        Matcher m = CURRENT_SCHEMA.matcher(url);
        if (!m.find()) {
            return null;
        }
        String namespace = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        if (namespace.isEmpty() || namespace.contains(",")) {
            return null;
        }
        String key = m.replaceFirst("$1") + "\u0000" + props.getProperty("user", "");
        Connection c = mine.open.get(key);
        if (c != null && !c.isValid(5)) {
            closeQuietly(c);
            c = null;
        }
        if (c == null) {
            c = DriverManager.getConnection(url, props);
            mine.open.put(key, c);
        } else {
            reset(c);
            c.setSchema(namespace);
        }
        return c;
    }

    /** Leaves nothing of the last target on the connection: no open transaction and no changed setting. */
    private static void reset(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
        try (Statement st = c.createStatement()) {
            st.execute("RESET ALL");
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a connection that fails to close is gone either way
        }
    }
}
