package io.dbsteps.internal.fastpath;

import io.dbsteps.internal.jdbc.Tables;

import io.dbsteps.UpdateResult;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.lock.SchemaLockProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        return check(settings, c, true);
    }

    /**
     * As {@link #check(Settings, Connection)}; with {@code probeLock}, a schema whose lock another session holds (a
     * rollback or a release in progress) is never reported up to date: the full path then waits for the lock. A
     * caller that holds the lock itself passes false.
     */
    public static Optional<UpdateResult> check(Settings settings, Connection c, boolean probeLock) {
        long start = System.nanoTime();
        try {
            String dbms = dbms(c);
            if (dbms == null) {
                return Optional.empty();
            }
            // a manifest is per configuration: contexts and parameters change the changesets and their checksums
            ChangelogManifest manifest = ChangelogManifest.find(settings.classLoader(), settings.changelog().path(),
                    dbms, settings.contexts(), settings.parameters());
            // In autocommit mode a query of a missing table costs nothing but an error; inside a transaction (a borrowed
            // connection) it would abort the host's transaction on PostgreSQL, so the table is looked up first.
            if (manifest == null || manifest.alwaysRuns()
                    || (!c.getAutoCommit() && !hasTable(c, dbms, settings.changelog().logTable()))) {
                return Optional.empty();
            }
            String lockTable = settings.changelog().lockTable();
            if (probeLock && "sqlite".equals(dbms) && SchemaLockProbe.sqliteHeldElsewhere(c, lockTable)) {
                return Optional.empty(); // a rollback or release is in progress
            }
            if ("sqlite".equals(dbms)) {
                Optional<UpdateResult> digested = bySqliteDigest(settings, c, manifest, start);
                if (digested != null) {
                    return digested;
                }
            }
            boolean probe = probeLock && "postgresql".equals(dbms);
            Object[] held = probe ? SchemaLockProbe.heldElsewhereCondition(c, lockTable) : null;
            List<ChangelogManifest.Entry> applied = new ArrayList<>();
            String tag = null;
            // On PostgreSQL the same query counts the sessions holding the schema's lock (a rollback or a release in
            // progress). The query waits for another session's lock on the tracking table at most lockWait.
            try (PreparedStatement st = c.prepareStatement("SELECT ID, AUTHOR, FILENAME, MD5SUM, TAG"
                    + (probe ? ", (SELECT COUNT(*) FROM pg_locks l WHERE " + held[0] + ")" : "") + " FROM "
                    + settings.changelog().logTable() + " ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
                if (probe) {
                    st.setLong(1, (Long) held[1]);
                    st.setLong(2, (Long) held[2]);
                }
                st.setQueryTimeout(queryTimeout(settings));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (probe && rs.getLong(6) > 0) {
                            return Optional.empty(); // a rollback or release is in progress
                        }
                        applied.add(new ChangelogManifest.Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4)));
                        if (rs.getString(5) != null) {
                            tag = rs.getString(5);
                        }
                    }
                }
            }
            if (!new java.util.HashSet<>(applied).equals(new java.util.HashSet<>(manifest.entries()))
                    || applied.size() != manifest.entries().size()) {
                return Optional.empty();
            }
            return Optional.of(upToDate(settings, tag, start));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty(); // the full path reports whatever is wrong
        }
    }

    /**
     * SQLite's check reads one row, the count and {@link HistoryDigest} of the tracking table, instead of every row.
     *
     * @return up to date, or empty when the full path must run; null when the digest cannot tell (the same rows in
     *         another order, names the digest cannot hold, a query that failed otherwise): then the rows are read
     */
    private static Optional<UpdateResult> bySqliteDigest(Settings settings, Connection c, ChangelogManifest manifest,
            long start) {
        String expected = HistoryDigest.of(manifest);
        if (expected == null && !manifest.entries().isEmpty()) {
            return null;
        }
        try (PreparedStatement st = c.prepareStatement(HistoryDigest.sqliteQuery(settings.changelog().logTable()))) {
            st.setQueryTimeout(queryTimeout(settings));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != manifest.entries().size()) {
                    return Optional.empty();
                }
                return java.util.Objects.equals(rs.getString(2), expected)
                        ? Optional.of(upToDate(settings, rs.getString(3), start)) : null;
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            return message.contains("no such table") || message.contains("SQLITE_BUSY") ? Optional.empty() : null;
        }
    }

    /** The query waits for another session's lock on the tracking table at most lockWait, and at least a second. */
    private static int queryTimeout(Settings settings) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.lockWait().toSeconds()));
    }

    private static UpdateResult upToDate(Settings settings, String tag, long start) {
        return new UpdateResult(settings.schema(), tag, tag, List.of(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static String dbms(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return "PostgreSQL".equals(product) ? "postgresql" : "SQLite".equals(product) ? "sqlite" : null;
    }

    /** Checked through metadata, so that a missing table aborts no transaction of a borrowed connection. */
    private static boolean hasTable(Connection c, String dbms, String table) throws SQLException {
        return Tables.exists(c, table);
    }
}
