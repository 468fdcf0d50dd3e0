package io.dbsteps.internal.rollback;

import io.dbsteps.Archive;
import io.dbsteps.DataPolicy;
import io.dbsteps.Step;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.undo.RollbackRenderer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;

/**
 * Undoes applied changesets that the changelog does not know, with the rollback SQL stored when they were applied.
 * Each one is a transaction: archive, its stored statements, and the removal of its history and undo rows.
 */
public final class StoredRollback {
    private StoredRollback() {
    }

    public static List<Archive> run(LiquibaseSession s, List<RollbackPlanner.Item> items, DataPolicy policy) throws Exception {
        Database database = s.database();
        Connection c = s.connection();
        List<Archive> archives = new ArrayList<>();
        LockService lock = LockServiceFactory.getInstance().getLockService(database);
        lock.waitForLock();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            String log = database.escapeTableName(database.getLiquibaseCatalogName(),
                    database.getLiquibaseSchemaName(), database.getDatabaseChangeLogTableName());
            for (RollbackPlanner.Item item : items) {
                RanChangeSet row = item.row();
                String file = row.getStoredChangeLog() != null ? row.getStoredChangeLog() : row.getChangeLog();
                s.recorder().starting(item.name());
                try {
                    if (policy == DataPolicy.ARCHIVE) {
                        List<RollbackRenderer.Drop> drops = new ArrayList<>();
                        List<String> copied = new ArrayList<>();
                        item.stored().statements().forEach(sql -> RollbackRenderer.readRawSql(sql, drops, copied));
                        drops.removeIf(d -> d.column() == null && copied.contains(d.table()));
                        archives.addAll(s.archiver().archive(drops));
                    }
                    try (Statement st = c.createStatement()) {
                        for (String sql : item.stored().statements()) {
                            if (!sql.isBlank()) {
                                st.execute(sql);
                            }
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM " + log + " WHERE ID = ? AND AUTHOR = ? AND FILENAME = ?")) {
                        ps.setString(1, row.getId());
                        ps.setString(2, row.getAuthor());
                        ps.setString(3, file);
                        ps.executeUpdate();
                    }
                    s.undo().delete(row.getId(), row.getAuthor(), file);
                    c.commit();
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                }
                s.recorder().done(row.getId(), row.getAuthor(), file, row.getTag(), Step.Outcome.ROLLED_BACK);
            }
        } finally {
            c.setAutoCommit(autoCommit);
            lock.releaseLock();
            s.refreshHistory();
        }
        return archives;
    }
}
