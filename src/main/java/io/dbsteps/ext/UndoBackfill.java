package io.dbsteps.ext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.logging.Logger;

/**
 * Undoes a {@link BatchedBackfill}, for its changeset's rollback block: sets the column back to NULL for exactly the
 * rows the backfill filled, that is, every row in the key range it processed except the rows it recorded as kept
 * (they had a value before, or did not match its {@code where}). It walks the key range in batches of
 * {@code batchSize} keys, each in its own transaction, and records how far it got, so a rollback that stops midway
 * continues where it stopped when it is run again. At the end it forgets the backfill, and drops the progress
 * tables if no other backfill is recorded in them.
 *
 * <pre>
 * rollback:
 *   - customChange:
 *       class: io.dbsteps.ext.UndoBackfill
 *       table: jobs
 *       column: new_field
 * </pre>
 * The changeset must declare {@code runInTransaction: false}, as the backfill's own changeset does. A backfill that
 * is not recorded (it never ran, or was undone already) is nothing to undo.
 */
public class UndoBackfill extends TaskChange {
    private String table;
    private String column;
    private String name;
    private String batchSize;
    private String progressTable;
    private String confirmation = "";

    /** @return the table that was filled */
    public String getTable() {
        return table;
    }

    /** @param table the table that was filled */
    public void setTable(String table) {
        this.table = table;
    }

    /** @return the column that was filled */
    public String getColumn() {
        return column;
    }

    /** @param column the column that was filled */
    public void setColumn(String column) {
        this.column = column;
    }

    /** @return the backfill's name */
    public String getName() {
        return name;
    }

    /** @param name the backfill's name; default {@code <table>.<column>} */
    public void setName(String name) {
        this.name = name;
    }

    /** @return the number of keys per batch */
    public String getBatchSize() {
        return batchSize;
    }

    /** @param batchSize the number of keys per batch; default 5000 */
    public void setBatchSize(String batchSize) {
        this.batchSize = batchSize;
    }

    /** @return the progress table */
    public String getProgressTable() {
        return progressTable;
    }

    /** @param progressTable the progress table; default {@code dbsteps_backfill} */
    public void setProgressTable(String progressTable) {
        this.progressTable = progressTable;
    }

    private String name() {
        return name == null || name.isBlank() ? table + "." + column : name.trim();
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        BackfillProgress progress = new BackfillProgress(progressTable);
        String backfill = name();
        int size = batchSize == null || batchSize.isBlank() ? BackfillRun.DEFAULT_BATCH_SIZE
                : Integer.parseInt(batchSize.trim());
        if (Preview.active(database)) {
            Preview.describe(database, "UndoBackfill " + backfill + ": UPDATE " + table + " SET " + column + " = NULL"
                    + " for the rows the backfill filled (as recorded in " + progress.table() + "), in batches of "
                    + size + " keys, each its own transaction");
            return;
        }
        Connection c = connection(database);
        Logger log = Scope.getCurrentScope().getLog(UndoBackfill.class);
        BackfillRun.Batches batches = null;
        try {
            BackfillRun.requireOwnTransactions(c, "UndoBackfill");
            c.setAutoCommit(false);
            BackfillProgress.Row row = progress.read(c, backfill);
            if (row == null || row.lastKey() == null) {
                progress.forget(c, backfill);
                c.commit();
                confirmation = "";
                log.info("Backfill " + backfill + " has nothing to undo");
                return;
            }
            if (!row.table().equalsIgnoreCase(table) || !row.column().equalsIgnoreCase(column)) {
                throw new CustomChangeException("Backfill " + backfill + " is recorded for " + row.table() + "."
                        + row.column() + ", not " + table + "." + column + "; give the undo the backfill's name.");
            }
            progress.state(c, backfill, BackfillProgress.UNDOING);
            c.commit();
            long toRestore = row.done();
            log.info(String.format(Locale.ROOT, "Undo of backfill %s: %,d rows to set back to NULL, up to key %s%s",
                    backfill, toRestore, row.lastKey(), row.undoKey() == null ? "" : ", resuming after key "
                            + row.undoKey()));
            KeyRanges ranges = KeyRanges.of(c, table, row.key());
            batches = new BackfillRun.Batches(log, "undo of " + backfill, toRestore, 0);
            String sql = "UPDATE " + table + " SET " + column + " = NULL WHERE %s AND " + column + " IS NOT NULL AND "
                    + "CAST(" + row.key() + " AS VARCHAR(255)) NOT IN (SELECT key_value FROM " + progress.keptTable()
                    + " WHERE name = ?)";
            String after = row.undoKey();
            while (after == null || !after.equals(row.lastKey())) {
                long started = System.nanoTime();
                String end = ranges.nextEnd(c, after, row.lastKey(), size);
                if (end == null) {
                    break;
                }
                int restored;
                try (PreparedStatement ps = c.prepareStatement(String.format(sql, ranges.range(after != null)))) {
                    int p = 1;
                    if (after != null) {
                        ps.setString(p++, after);
                    }
                    ps.setString(p++, end);
                    ps.setString(p, backfill);
                    restored = ps.executeUpdate();
                }
                progress.batchUndone(c, backfill, end, restored);
                c.commit();
                batches.done(restored, System.nanoTime() - started);
                after = end;
            }
            progress.forget(c, backfill);
            c.commit();
            confirmation = String.format(Locale.ROOT, "Undo of backfill %s set %,d rows of %s.%s back to NULL in %,d"
                    + " batches", backfill, batches.rows, table, column, batches.count);
            log.info(confirmation);
        } catch (SQLException | RuntimeException e) {
            BackfillRun.rollbackQuietly(c);
            throw BackfillRun.stopped("Undo of backfill " + backfill + " stopped"
                    + (batches == null ? " before its first batch" : String.format(Locale.ROOT, " in batch %,d of "
                    + "this run, after %,d rows in this run", batches.count + 1, batches.rows)) + ": "
                    + e.getMessage() + ". The batches before it are committed and recorded in " + progress.table()
                    + "; run the rollback again to continue where it stopped.", e);
        } finally {
            BackfillRun.restoreAutoCommit(c);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return confirmation;
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        errors.checkRequiredField("table", table);
        errors.checkRequiredField("column", column);
        if (batchSize != null && !batchSize.isBlank() && !batchSize.trim().matches("[1-9][0-9]{0,8}")) {
            errors.addError("batchSize must be a whole number of at least 1, not '" + batchSize + "'");
        }
        return errors;
    }
}
