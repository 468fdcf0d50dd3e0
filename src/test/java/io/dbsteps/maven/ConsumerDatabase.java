package io.dbsteps.maven;

import io.dbsteps.DbSteps;
import io.dbsteps.testing.PostgresServer;
import io.dbsteps.testing.TestDb;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A database of a consumer build under {@code src/it}: an SQLite file in the build's folder, or a fresh PostgreSQL
 * database on the server the tests use (see {@link PostgresServer}; none reachable fails the build with the same
 * message as every PostgreSQL test). Its connection settings are written to {@code <kind>.properties}, which the
 * build's {@code invoker.properties} passes to the Maven invocations as {@code -Ddb.url}, {@code -Ddb.user} and
 * {@code -Ddb.password}.
 *
 * @param basedir  the consumer build's folder
 * @param kind     the database product
 * @param url      the JDBC URL
 * @param user     the user, empty for SQLite
 * @param password the password, empty if none
 */
public record ConsumerDatabase(Path basedir, TestDb.Kind kind, String url, String user, String password) {

    /**
     * Creates an empty database of each kind for the consumer build in {@code basedir}.
     *
     * @param basedir the consumer build's folder
     * @param name    the SQLite file's name, without extension
     */
    public static void createAll(File basedir, String name) {
        Path dir = basedir.toPath();
        Path file = dir.resolve(name + ".db");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new ConsumerDatabase(dir, TestDb.Kind.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), "", "").save();
        TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL); // dropped by dropAll, from the name in its URL
        new ConsumerDatabase(dir, TestDb.Kind.POSTGRESQL, pg.url(), nullToEmpty(pg.user()), nullToEmpty(pg.password()))
                .save();
    }

    /**
     * The database of one kind that {@link #createAll} made.
     *
     * @param basedir the consumer build's folder
     * @param kind    {@code sqlite} or {@code postgresql}
     * @return the database
     */
    public static ConsumerDatabase of(File basedir, String kind) {
        Path dir = basedir.toPath();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(kind + ".properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConsumerDatabase(dir, TestDb.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
                p.getProperty("db.url"), p.getProperty("db.user"), p.getProperty("db.password"));
    }

    /**
     * Drops the PostgreSQL database of the consumer build; the SQLite file stays in the build's folder.
     *
     * @param basedir the consumer build's folder
     */
    public static void dropAll(File basedir) {
        if (!basedir.toPath().resolve("postgresql.properties").toFile().exists()) {
            return;
        }
        String url = of(basedir, "postgresql").url();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        PostgresServer.get().adminExecute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void save() {
        Properties p = new Properties();
        p.setProperty("db.url", url);
        p.setProperty("db.user", user);
        p.setProperty("db.password", password);
        // Liquibase logs at INFO that the user disabled analytics; the checks look for that line in build.log.
        p.setProperty("liquibase.analytics.logLevel", "INFO");
        try (Writer w = Files.newBufferedWriter(basedir.resolve(kind + ".properties"))) {
            p.store(w, "Written by the consumer build's prebuild.groovy; passed to the invocations as -D");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a new connection, owned by the caller */
    public Connection connect() {
        Properties props = new Properties();
        if (!user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The dbsteps API on this database.
     *
     * @param schema a shipped schema
     * @return a loaded instance
     */
    public DbSteps dbsteps(String schema) {
        return DbSteps.configure().url(url, user.isEmpty() ? null : user, password.isEmpty() ? null : password)
                .schema(schema).load();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
