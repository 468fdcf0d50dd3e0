package io.dbsteps.internal.undo;

import io.dbsteps.internal.jdbc.Tables;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;

/**
 * The rollback SQL of every applied changeset, rendered for this database when it was applied and kept in
 * {@code <prefix>_undo}. An older version of the changelog (an older jar after a code rollback) can then roll back
 * changesets it has never seen. A changeset whose rollback runs Java code, or cannot be rendered, is stored
 * without SQL, and a rollback that needs it refuses.
 */
public final class UndoStore {
    private final Database database;
    private final String table;
    private boolean ready;

    public UndoStore(Database database, String table) {
        this.database = database;
        this.table = table;
    }

    /** The stored rollback of an applied changeset. */
    public record Entry(List<String> statements, boolean storable) {
    }

    private Connection connection() {
        return JdbcConnections.of(database);
    }

    private void ensureTable() throws SQLException {
        if (!ready) {
            UndoRows.ensureTable(connection(), table);
            ready = true;
        }
    }

    /** Stores the changeset's rollback, in the transaction of the changeset. */
    public void store(ChangeSet changeSet) throws Exception {
        ensureTable();
        String sql;
        try {
            RollbackRenderer.Rendered r = RollbackRenderer.render(changeSet, database);
            sql = r.runsCode() ? null : String.join(UndoRows.SEPARATOR, r.statements());
        } catch (Exception | LinkageError e) {
            sql = null; // not renderable ahead of time; a rollback that needs it will refuse
        }
        UndoRows.store(connection(), table, changeSet.getId(), changeSet.getAuthor(), changeSet.getStoredFilePath(), sql);
    }

    /** Forgets a changeset's rollback once it is rolled back, in the same transaction. */
    public void delete(String id, String author, String file) throws SQLException {
        ensureTable();
        UndoRows.delete(connection(), table, id, author, file);
    }

    /** The stored rollback of an applied changeset, if any was stored. Reads only; creates nothing. */
    public Optional<Entry> find(RanChangeSet row) throws SQLException {
        if (!ready && !exists()) {
            return Optional.empty(); // querying a missing table would abort a PostgreSQL transaction
        }
        return UndoRows.find(connection(), table, row.getId(), row.getAuthor(),
                row.getStoredChangeLog() != null ? row.getStoredChangeLog() : row.getChangeLog())
                .map(stored -> new Entry(stored.statements(), stored.storable()));
    }

    private boolean exists() throws SQLException {
        return Tables.exists(connection(), table);
    }
}
