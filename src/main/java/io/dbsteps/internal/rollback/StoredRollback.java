package io.dbsteps.internal.rollback;

import io.dbsteps.internal.undo.Archiver;
import io.dbsteps.internal.undo.Drop;
import io.dbsteps.internal.undo.UndoStore;

import io.dbsteps.Archive;
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
 * Undoes applied changesets that the changelog does not know, with the rollback SQL stored when they were applied:
 * for each, its stored statements and the removal of its history and undo rows. It runs inside the rollback's one
 * transaction and commits nothing itself, unless the rollback cannot be one transaction; then each changeset is its
 * own. The data these statements drop was archived by {@link RollbackRun} before the first of them ran.
 */
public final class StoredRollback {
    private StoredRollback() {
    }

    /**
     * What a stored rollback drops, read from its statements as a rollback from the changelog is read: a table
     * rebuild loses only the columns its copy leaves out ({@link RollbackRenderer#rawDrops}).
     */
    public static List<Drop> drops(UndoStore.Entry stored, Database database) {
        return RollbackRenderer.rawDrops(stored.statements(), database);
    }

    /**
     * @param commitEach true to commit after each changeset (a rollback that cannot be one transaction); false to
     *                   leave the transaction open for the caller to commit or roll back
     * @param archiver   where to archive data that a step drops and that was not archived before the rollback began,
     *                   or {@code null} to discard it
     * @param archived   the drops archived before the rollback began
     * @return the archives it made
     */
    public static List<Archive> run(LiquibaseSession s, List<RollbackPlanner.Item> items, boolean commitEach,
            Archiver archiver, java.util.Set<Drop> archived) throws Exception {
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
                    if (archiver != null) { // what an earlier step moved where this one drops it: not counted upfront
                        archives.addAll(archiver.archive(drops(item.stored(), database).stream()
                                .filter(d -> !archived.contains(d)).toList(), item.name()));
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
                    if (commitEach) {
                        c.commit();
                    }
                } catch (Exception e) {
                    if (commitEach) {
                        c.rollback();
                    }
                    throw e;
                }
                s.recorder().done(row.getId(), row.getAuthor(), file, row.getTag(), Step.Outcome.ROLLED_BACK);
            }
        } finally {
            if (commitEach) {
                c.setAutoCommit(autoCommit);
            }
            lock.releaseLock();
            s.refreshHistory();
        }
        return archives;
    }
}
