package io.dbsteps.testing;

import io.dbsteps.DbStepsBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One fresh database for one test: a new PostgreSQL database, or a new SQLite file. Closing it drops it.
 */
public final class TestDb implements AutoCloseable {
    private final Kind kind;
    private final String url;
    private final String user;
    private final String password;
    private final Runnable drop;

    /** The database products the tests run on. */
    public enum Kind {
        POSTGRESQL, SQLITE;

        @Override
        public String toString() {
            return this == POSTGRESQL ? "postgresql" : "sqlite";
        }
    }

    TestDb(Kind kind, String url, String user, String password, Runnable drop) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.drop = drop;
        Secrets.registerIfAuditable(password);
    }

    /** A fresh, empty database of the given kind. */
    public static TestDb create(Kind kind) {
        return kind == Kind.POSTGRESQL ? PostgresServer.get().createDatabase() : SqliteFiles.create();
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A dbsteps builder pointed at this database. */
    public DbStepsBuilder configure() {
        return io.dbsteps.DbSteps.configure().url(url, user, password);
    }

    /** A new connection, owned by the caller. */
    public Connection connect() {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to test database " + kind + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fresh database with this one's schema and rows, cheaper than building it again: on PostgreSQL a database
     * created from this one as its template (nobody may be connected to this one meanwhile), on SQLite a copy of the
     * file.
     */
    public TestDb copy() {
        if (kind == Kind.POSTGRESQL) {
            String path = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1);
            int query = path.indexOf('?');
            return PostgresServer.get().createDatabase(query < 0 ? path : path.substring(0, query));
        }
        return SqliteFiles.copy(java.nio.file.Path.of(url.substring("jdbc:sqlite:".length())));
    }

    @Override
    public void close() {
        drop.run();
    }

    @Override
    public String toString() {
        return kind.toString();
    }
}
