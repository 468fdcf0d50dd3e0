package io.dbsteps.internal.config;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.failure.SecretMask;
import io.dbsteps.internal.jdbc.SqliteUrl;
import io.dbsteps.internal.lock.SchemaLock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Where a command gets its connection. A connection dbsteps opened itself (from a URL or a DataSource) is closed
 * after the command; a connection the host passed in is borrowed: it is never closed and gets its autoCommit back.
 */
public abstract class ConnectionSource {
    /** The schema the connections serve, for messages. */
    private final String schema;

    public ConnectionSource(String schema) {
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }

    public abstract Lease open();

    /** A description for messages, never holding a password. */
    public abstract String describe();

    public SecretMask mask() {
        return SecretMask.NONE;
    }

    /** The SQLite database file this source opens by URL, or null when it opens none (another database, a pool). */
    public java.nio.file.Path sqliteFile() {
        return null;
    }

    /**
     * Whether the schema's lock, once taken on this source's connection, stays held when a session ends, for the next
     * session on the same connection (a guarded release holds it from its update to the end of its check).
     */
    public boolean holdsLockAcrossSessions() {
        return false;
    }

    /** The schema lock that every session on this source shares, or null when each session takes its own. */
    public SchemaLock sharedLock() {
        return null;
    }

    /** Connections from the host's DataSource, each closed (given back) after its command. */
    public static ConnectionSource of(DataSource dataSource, String schema) {
        return new FromDataSource(dataSource, schema);
    }

    /** The host's own connection, never closed. */
    public static ConnectionSource borrowed(Connection connection, String schema) {
        return new Borrowed(connection, schema, SecretMask.NONE);
    }

    /** A connection opened by dbsteps for several commands, never closed by them; masked with its source's mask. */
    public static ConnectionSource borrowed(Connection connection, String schema, SecretMask mask) {
        return new Borrowed(connection, schema, mask);
    }

    /** A new connection to the URL for each command. */
    public static ConnectionSource of(String url, String user, String password, String schema) {
        return new FromUrl(url, user, password, schema);
    }

    /** A connection held for one command. Closing it restores autoCommit and closes what dbsteps opened. */
    public static final class Lease implements AutoCloseable {
        private final Connection connection;
        private final boolean owned;
        private final boolean autoCommit;
        private final Runnable restore;

        Lease(Connection connection, boolean owned) throws SQLException {
            this(connection, owned, () -> { });
        }

        /** @param restore undoes what dbsteps set on the connection (e.g. its search_path) before it is given back */
        Lease(Connection connection, boolean owned, Runnable restore) throws SQLException {
            this.connection = connection;
            this.owned = owned;
            this.autoCommit = connection.getAutoCommit();
            this.restore = restore;
        }

        boolean owned() {
            return owned;
        }

        public Connection connection() {
            return connection;
        }

        @Override
        public void close() {
            try {
                if (!connection.isClosed()) {
                    if (!connection.getAutoCommit()) {
                        connection.rollback(); // nothing a command left uncommitted may leak into the host's work
                    }
                    connection.setAutoCommit(autoCommit);
                    restore.run();
                }
            } catch (SQLException ignored) {
                // the connection is broken; closing it below is all that is left to do
            } finally {
                if (owned) {
                    try {
                        connection.close();
                    } catch (SQLException ignored) {
                        // nothing more can be done with a connection that fails to close
                    }
                }
            }
        }
    }

    private static final class FromDataSource extends ConnectionSource {
        private final DataSource dataSource;

        FromDataSource(DataSource dataSource, String schema) {
            super(schema);
            this.dataSource = dataSource;
        }

        @Override
        public Lease open() {
            try {
                Connection c = dataSource.getConnection();
                if (c == null) {
                    throw new DbStepsException(ErrorCode.CONNECTION_FAILED, "Schema " + schema() + ": the configured "
                            + "DataSource returned no connection (null). Check the DataSource's configuration.");
                }
                return new Lease(c, true);
            } catch (SQLException e) {
                throw Failures.connection(schema(), describe(), e, mask());
            }
        }

        @Override
        public String describe() {
            return "the configured DataSource";
        }
    }

    private static final class Borrowed extends ConnectionSource {
        private final Connection connection;
        private final SecretMask mask;

        Borrowed(Connection connection, String schema, SecretMask mask) {
            super(schema);
            this.connection = connection;
            this.mask = mask;
        }

        @Override
        public SecretMask mask() {
            return mask;
        }

        @Override
        public Lease open() {
            try {
                if (connection.isClosed()) {
                    throw new DbStepsException(ErrorCode.CONNECTION_FAILED, "Schema " + schema() + ": the connection "
                            + "passed to dbsteps is closed. Pass an open connection, or a DataSource.");
                }
                return new Lease(connection, false);
            } catch (SQLException e) {
                throw Failures.connection(schema(), describe(), e, mask());
            }
        }

        @Override
        public String describe() {
            return "the borrowed connection";
        }
    }

    private static final class FromUrl extends ConnectionSource {
        /** A password option in a URL, with the separator before it and the one after it, if any. */
        private static final Pattern PASSWORD_OPTION = Pattern.compile("(?i)([?&;])password=([^&;]*)([&;])?");

        /** The URL as given, for messages (masked). */
        private final String url;
        /** The URL the driver gets: without a password option, which goes as a property instead. */
        private final String connectUrl;
        private final String user;
        private final String password;
        private final SecretMask mask;

        FromUrl(String url, String user, String password, String schema) {
            super(schema);
            this.url = url;
            this.user = user;
            Matcher m = PASSWORD_OPTION.matcher(url);
            if (m.find()) { // pgJDBC logs the URL it connects with (FINE): a password in it would be logged
                this.connectUrl = url.substring(0, m.start()) + (m.group(3) != null ? m.group(1) : "")
                        + url.substring(m.end());
                this.password = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8); // the URL's wins, as in pgJDBC
                this.mask = SecretMask.of(password, url).with(this.password);
            } else {
                this.connectUrl = url;
                this.password = password;
                this.mask = SecretMask.of(password, url);
            }
        }

        @Override
        public Lease open() {
            Properties props = new Properties();
            if (user != null) {
                props.setProperty("user", user);
            }
            // SQLite has no passwords. sqlite-jdbc would send one as PRAGMA key, which plain SQLite ignores, and log
            // that statement, password included, at TRACE: a DBSTEPS_PASSWORD meant for another database would leak.
            if (password != null && !SqliteUrl.isSqlite(url)) {
                props.setProperty("password", password);
            }
            // A server that accepts the connection but never answers would otherwise hold the command forever; a
            // loginTimeout in the URL wins over this one.
            if (url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
                props.setProperty("loginTimeout", "30");
            }
            try {
                Connection kept = WorkerConnections.kept(connectUrl, props);
                if (kept != null) {
                    return new Lease(kept, false);
                }
                return new Lease(DriverManager.getConnection(connectUrl, props), true);
            } catch (SQLException e) {
                throw Failures.connection(schema(), describe(), e, mask);
            }
        }

        @Override
        public String describe() {
            return mask.apply(url) + (user == null ? "" : " as user " + user);
        }

        @Override
        public SecretMask mask() {
            return mask;
        }

        @Override
        public java.nio.file.Path sqliteFile() {
            return SqliteUrl.file(url);
        }

        @Override
        public String toString() {
            return "ConnectionSource[" + describe() + "]";
        }
    }
}
