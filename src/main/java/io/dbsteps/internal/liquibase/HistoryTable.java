package io.dbsteps.internal.liquibase;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;

/**
 * Writes to the schema's tracking table where Liquibase's own statement is wrong for us.
 *
 * <p>Liquibase's {@code tag} command overwrites the tag of the last row, so tagging right after a release would
 * erase the release tag; and on SQLite, whose execution times have one-second resolution, it tags every row of
 * that second. dbsteps tags exactly one row, by its identity, with a bound parameter.
 */
public final class HistoryTable {
    /**
     * The FILENAME of the row Liquibase's {@code tag} command inserts into an empty history to carry the tag: it
     * stands for no changeset and changes no schema.
     */
    public static final String TAG_ONLY_FILE = "liquibase-internal";

    private HistoryTable() {
    }

    /** Whether the row is Liquibase's carrier of a tag on an empty history rather than an applied changeset. */
    public static boolean tagOnly(RanChangeSet row) {
        return TAG_ONLY_FILE.equals(row.getChangeLog());
    }

    /** Sets the tag on one applied changeset, under the schema's lock. */
    public static void tag(Database database, RanChangeSet row, String tag) throws Exception {
        LockService lock = LockServiceFactory.getInstance().getLockService(database);
        lock.waitForLock();
        try {
            String table = database.escapeTableName(database.getLiquibaseCatalogName(),
                    database.getLiquibaseSchemaName(), database.getDatabaseChangeLogTableName());
            Connection c = JdbcConnections.of(database);
            String file = row.getStoredChangeLog() != null ? row.getStoredChangeLog() : row.getChangeLog();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + table + " SET TAG = ? WHERE ID = ? AND AUTHOR = ? AND FILENAME = ?")) {
                ps.setString(1, tag);
                ps.setString(2, row.getId());
                ps.setString(3, row.getAuthor());
                ps.setString(4, file);
                int updated = ps.executeUpdate();
                if (updated != 1) {
                    c.rollback();
                    throw new IllegalStateException("tagging changeset " + row.getId() + " matched " + updated
                            + " rows of " + table + " instead of 1");
                }
            }
            c.commit();
        } finally {
            lock.releaseLock();
        }
    }
}
