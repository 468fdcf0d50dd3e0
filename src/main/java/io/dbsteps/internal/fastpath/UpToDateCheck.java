package io.dbsteps.internal.fastpath;

import io.dbsteps.UpdateResult;
import io.dbsteps.internal.config.Settings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fast path of {@link DbSteps#update()}: one query of the tracking table, compared with the changelog's
 * {@link ChangelogManifest}. When every changeset is applied with its checksum and nothing unknown is applied, the
 * database is up to date and the update returns without loading Liquibase and without taking the lock, since
 * nothing is written. Anything else, including any error, takes the full path, so correctness never depends on this
 * check. This class must not use Liquibase.
 */
public final class UpToDateCheck {
    private UpToDateCheck() {
    }

    /** An up-to-date result, or empty when the full path must run (on the same connection). */
    public static Optional<UpdateResult> check(Settings settings, Connection c) {
        long start = System.nanoTime();
        if (!settings.contexts().isEmpty() || !settings.parameters().isEmpty()) {
            return Optional.empty(); // the manifest lists the changesets of the default configuration only
        }
        try {
            String dbms = dbms(c);
            if (dbms == null) {
                return Optional.empty();
            }
            ChangelogManifest manifest = ChangelogManifest.find(settings.classLoader(), settings.changelog().path(),
                    dbms);
            // In autocommit mode a query of a missing table costs nothing but an error; inside a transaction (a borrowed
            // connection) it would abort the host's transaction on PostgreSQL, so the table is looked up first.
            if (manifest == null || manifest.alwaysRuns()
                    || (!c.getAutoCommit() && !hasTable(c, dbms, settings.changelog().logTable()))) {
                return Optional.empty();
            }
            List<ChangelogManifest.Entry> applied = new ArrayList<>();
            String tag = null;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT ID, AUTHOR, FILENAME, MD5SUM, TAG FROM " + settings.changelog().logTable()
                            + " ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
                while (rs.next()) {
                    applied.add(new ChangelogManifest.Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                    if (rs.getString(5) != null) {
                        tag = rs.getString(5);
                    }
                }
            }
            if (!new java.util.HashSet<>(applied).equals(new java.util.HashSet<>(manifest.entries()))
                    || applied.size() != manifest.entries().size()) {
                return Optional.empty();
            }
            return Optional.of(new UpdateResult(settings.schema(), tag, tag, List.of(),
                    Duration.ofNanos(System.nanoTime() - start)));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty(); // the full path reports whatever is wrong
        }
    }

    private static String dbms(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return "PostgreSQL".equals(product) ? "postgresql" : "SQLite".equals(product) ? "sqlite" : null;
    }

    /** Checked through metadata, so that a missing table aborts no transaction of a borrowed connection. */
    private static boolean hasTable(Connection c, String dbms, String table) throws SQLException {
        String schema = "postgresql".equals(dbms) ? c.getSchema() : null;
        try (ResultSet rs = c.getMetaData().getTables(null, schema, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
