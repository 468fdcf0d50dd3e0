package io.dbsteps.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use, resolved once per JVM, in this order:
 * <ol>
 *   <li>{@code DBSTEPS_TEST_PG_URL}, with {@code DBSTEPS_TEST_PG_USER} and {@code DBSTEPS_TEST_PG_PASSWORD};</li>
 *   <li>a Testcontainers PostgreSQL 15, if a Docker engine is available;</li>
 *   <li>a server on {@code 127.0.0.1:5432} (user {@code DBSTEPS_TEST_PG_USER} or {@code postgres}).</li>
 * </ol>
 * If none is reachable, every PostgreSQL test fails with one message saying how to provide one. Each test gets
 * its own database, dropped afterwards.
 */
public final class PostgresServer {
    private static PostgresServer instance;
    private static IllegalStateException unavailable;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String source;

    private PostgresServer(String adminUrl, String user, String password, String source) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.source = source;
        Secrets.registerIfAuditable(password);
    }

    /** The server, or a failure explaining how to provide one. */
    public static synchronized PostgresServer get() {
        if (instance == null && unavailable == null) {
            try {
                instance = resolve();
            } catch (IllegalStateException e) {
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw new IllegalStateException(unavailable.getMessage(), unavailable);
        }
        return instance;
    }

    public String source() {
        return source;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private static PostgresServer resolve() {
        List<String> tried = new ArrayList<>();
        String envUrl = System.getenv("DBSTEPS_TEST_PG_URL");
        String envUser = System.getenv("DBSTEPS_TEST_PG_USER");
        String envPassword = System.getenv("DBSTEPS_TEST_PG_PASSWORD");
        if (envUrl != null && !envUrl.isBlank()) {
            PostgresServer s = new PostgresServer(envUrl, envUser, envPassword, "DBSTEPS_TEST_PG_URL");
            String problem = s.probe();
            if (problem == null) {
                return s;
            }
            // An explicit URL that does not work is an error in the environment, not a reason to look elsewhere.
            throw new IllegalStateException("PostgreSQL tests cannot run: DBSTEPS_TEST_PG_URL is set but the server "
                    + "cannot be used: " + problem);
        }
        tried.add("DBSTEPS_TEST_PG_URL is not set");
        PostgresServer fromDocker = Containers.tryStart(tried);
        if (fromDocker != null) {
            return fromDocker;
        }
        PostgresServer local = new PostgresServer("jdbc:postgresql://127.0.0.1:5432/postgres",
                envUser != null ? envUser : "postgres", envPassword, "127.0.0.1:5432");
        String problem = local.probe();
        if (problem == null) {
            return local;
        }
        tried.add("127.0.0.1:5432: " + problem);
        throw new IllegalStateException("PostgreSQL tests cannot run: no PostgreSQL server was found. Tried: "
                + String.join("; ", tried) + ". Provide one: set DBSTEPS_TEST_PG_URL (for example "
                + "jdbc:postgresql://127.0.0.1:5432/postgres) with DBSTEPS_TEST_PG_USER and DBSTEPS_TEST_PG_PASSWORD "
                + "for a user allowed to create databases, or start a Docker engine, or run PostgreSQL 15+ on "
                + "127.0.0.1:5432 (bash .ci/run does this).");
    }

    static PostgresServer of(String adminUrl, String user, String password, String source) {
        return new PostgresServer(adminUrl, user, password, source);
    }

    /** Null if the server answers and lets this user create databases; otherwise what is wrong. */
    private String probe() {
        try (Connection c = admin(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return "user " + user + " may not create databases (grant CREATEDB)";
            }
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private Connection admin() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(adminUrl, props);
    }

    /** Runs one statement on the server's admin database. */
    public void adminExecute(String sql) {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL admin statement failed: " + e.getMessage(), e);
        }
    }

    /** A URL for another database on this server. */
    public String urlFor(String database) {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?');
        String base = adminUrl.substring(0, slash + 1);
        return base + database + (query >= 0 ? adminUrl.substring(query) : "");
    }

    TestDb createDatabase() {
        return createDatabase(null);
    }

    /** A new database, empty or (given a template) a copy of the template database. */
    TestDb createDatabase(String template) {
        String name = "dbsteps_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        adminExecute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        return new TestDb(TestDb.Kind.POSTGRESQL, urlFor(name), user, password,
                () -> adminExecute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }
}
