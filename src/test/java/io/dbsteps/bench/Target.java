package io.dbsteps.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * What one child JVM works on: a workload ({@code synthetic} or a shipped schema) in one database, and the files
 * the benchmark generated for it (raw JDBC's SQL scripts, Flyway's migrations).
 *
 * @param workload  {@code synthetic} or the name of a shipped schema
 * @param url       the JDBC URL
 * @param user      the user, or {@code null}
 * @param password  the password, or {@code null}
 * @param scripts   the folder holding raw JDBC's {@code update.sql}, {@code rollback.sql} and {@code restore.sql}
 * @param flyway    the folder holding Flyway's migrations
 */
record Target(String workload, String url, String user, String password, Path scripts, Path flyway) {
    static final String SYNTHETIC = "synthetic";

    boolean synthetic() {
        return SYNTHETIC.equals(workload);
    }

    boolean sqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    /** The changelog's classpath path, for dbsteps and plain Liquibase. */
    String changelog() {
        return synthetic() ? Synthetic.CHANGELOG : "dbsteps/" + workload + "/changelog.yaml";
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url, props);
    }
}
