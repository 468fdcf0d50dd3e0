package io.dbsteps.ext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import liquibase.Scope;
import liquibase.change.CheckSum;
import liquibase.change.custom.CustomChangeChecksum;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.logging.Logger;

/**
 * Fills a column of a large table in batches: {@code UPDATE <table> SET <column> = <value>} for the rows whose
 * column is NULL (and that match {@code where}, if given), walking the table in ascending order of a unique key,
 * {@code batchSize} keys at a time. Each batch is its own transaction, so the row locks of a batch are held only
 * while that batch runs and the application keeps working on the rest of the table.
 *
 * <p><b>Resumable.</b> Each batch commits together with its progress row in the progress table (default
 * {@code dbsteps_backfill}): the last key done, rows done and total, batches, the longest batch. If a run stops
 * (a failed batch, a lost connection, a killed process), the batch that was running is rolled back as a whole and
 * the batches before it stay committed; running the change again continues after the last committed key. No batch is
 * done twice and none is skipped.
 *
 * <p><b>Exact undo.</b> A backfill only ever fills NULLs, so its undo sets the column back to NULL for the rows it
 * filled. The rows inside the processed key range that it left alone (they already had a value, or did not match
 * {@code where}) are recorded in {@code <progress table>_kept}, and the undo leaves them alone too. The undo is
 * {@link UndoBackfill} in a rollback block (or this class's own rollback, when a changelog lets Liquibase derive
 * it); it is batched and resumable the same way, and when the last backfill in the progress tables is undone, both
 * tables are dropped.
 *
 * <p><b>Progress</b> is logged through Liquibase's logger (rows done / total, rate, batch time), at most every two
 * seconds and at the end; the summary, with the longest batch, is the change's confirmation message, which dbsteps
 * shows in the step's notes.
 *
 * <pre>
 * - changeSet:
 *     id: "1.11-01-backfill-new-field"
 *     author: "dbsteps"
 *     runInTransaction: false        # required: every batch commits on its own
 *     preConditions:
 *       - onFail: MARK_RAN
 *       - customPrecondition:
 *           className: io.dbsteps.ext.BackfillNotFinished
 *           params:
 *             - param: {name: table, value: jobs}
 *             - param: {name: column, value: new_field}
 *     changes:
 *       - customChange:
 *           class: io.dbsteps.ext.BatchedBackfill
 *           table: jobs
 *           key: id                  # unique and NOT NULL, ideally the primary key
 *           column: new_field
 *           value: old_field         # any SQL expression over the row
 *           where: "status &lt;&gt; 'ARCHIVED'"   # optional
 *           batchSize: "5000"
 *     rollback:
 *       - customChange:
 *           class: io.dbsteps.ext.UndoBackfill
 *           table: jobs
 *           column: new_field
 * </pre>
 * The batch size is not part of the changeset's checksum, so it can be a changelog parameter that a host tunes
 * after the changeset is applied. The backfill is named {@code <table>.<column>} unless {@code name} says otherwise. It works on PostgreSQL, SQLite
 * and other databases with {@code LIMIT … OFFSET}. Rows inserted into the processed key range while the backfill
 * runs are not filled by it (the application fills them, which is why a column is backfilled between the release
 * that adds it and the one that makes it NOT NULL).
 */
public class BatchedBackfill extends TaskChange implements CustomTaskRollback, CustomChangeChecksum {

    private String table;
    private String key;
    private String column;
    private String value;
    private String where;
    private String batchSize;
    private String name;
    private String progressTable;
    private String confirmation = "";

    /** @return the table to fill */
    public String getTable() {
        return table;
    }

    /** @param table the table to fill */
    public void setTable(String table) {
        this.table = table;
    }

    /** @return the unique, NOT NULL key column the batches follow */
    public String getKey() {
        return key;
    }

    /** @param key the unique, NOT NULL key column the batches follow, ideally the primary key */
    public void setKey(String key) {
        this.key = key;
    }

    /** @return the column to fill */
    public String getColumn() {
        return column;
    }

    /** @param column the column to fill; only its NULLs are filled */
    public void setColumn(String column) {
        this.column = column;
    }

    /** @return the SQL expression the column is set to */
    public String getValue() {
        return value;
    }

    /** @param value the SQL expression the column is set to, e.g. {@code old_field} or {@code 'Competitive'} */
    public void setValue(String value) {
        this.value = value;
    }

    /** @return an extra SQL condition for the rows to fill, or null */
    public String getWhere() {
        return where;
    }

    /** @param where an extra SQL condition for the rows to fill; optional */
    public void setWhere(String where) {
        this.where = where;
    }

    /** @return the number of keys per batch */
    public String getBatchSize() {
        return batchSize;
    }

    /**
     * @param batchSize the number of keys per batch, at least 1; default 5000. The time a batch holds its row locks
     *                  grows with it: on a 1,000,000-row table with three indexes, 5,000 keys took about 0.15 s a
     *                  batch (0.7 s at most), 10,000 keys about 0.35 s (over 1 s at most)
     */
    public void setBatchSize(String batchSize) {
        this.batchSize = batchSize;
    }

    /** @return the backfill's name in the progress table */
    public String getName() {
        return name;
    }

    /** @param name the backfill's name in the progress table; default {@code <table>.<column>} */
    public void setName(String name) {
        this.name = name;
    }

    /** @return the progress table */
    public String getProgressTable() {
        return progressTable;
    }

    /** @param progressTable the progress table; default {@code dbsteps_backfill} */
    public void setProgressTable(String progressTable) {
        this.progressTable = progressTable;
    }

    String name() {
        return name == null || name.isBlank() ? table + "." + column : name.trim();
    }

    int size() {
        if (batchSize == null || batchSize.isBlank()) {
            return BackfillRun.DEFAULT_BATCH_SIZE;
        }
        return Integer.parseInt(batchSize.trim());
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        BackfillProgress progress = new BackfillProgress(progressTable);
        String backfill = name();
        String fill = column + " IS NULL" + (where == null || where.isBlank() ? "" : " AND (" + where + ")");
        int size = size();
        if (Preview.active(database)) {
            Preview.describe(database, "BatchedBackfill " + backfill + ": UPDATE " + table + " SET " + column + " = ("
                    + value + ") WHERE " + fill + ", in batches of " + size + " keys of " + key
                    + ", each its own transaction, with progress in " + progress.table());
            return;
        }
        Connection c = connection(database);
        Logger log = Scope.getCurrentScope().getLog(BatchedBackfill.class);
        BackfillRun.Batches batches = null;
        try {
            BackfillRun.requireOwnTransactions(c, "BatchedBackfill");
            c.setAutoCommit(false);
            progress.create(c);
            BackfillProgress.Row row = progress.read(c, backfill);
            if (row == null) {
                long total = BackfillRun.count(c, "SELECT COUNT(*) FROM " + table + " WHERE " + fill);
                progress.start(c, backfill, table, key, column, total);
                row = progress.read(c, backfill);
                log.info(String.format(Locale.ROOT, "Backfill %s: %,d rows to fill in batches of %,d keys",
                        backfill, total, size));
            } else {
                sameBackfill(row);
                if (BackfillProgress.DONE.equals(row.state())) {
                    c.commit();
                    confirmation = String.format(Locale.ROOT, "Backfill %s had already finished: %,d rows filled"
                            + " in %,d batches; nothing to do", backfill, row.done(), row.batches());
                    log.info(confirmation);
                    return;
                }
                if (BackfillProgress.UNDOING.equals(row.state())) {
                    throw new CustomChangeException("Backfill " + backfill + " is being undone (a rollback of it "
                            + "stopped midway). Finish the rollback first, then update again.");
                }
                log.info(String.format(Locale.ROOT, "Backfill %s: resuming after key %s with %,d of %,d rows done",
                        backfill, row.lastKey(), row.done(), row.total()));
            }
            c.commit();

            KeyRanges ranges = KeyRanges.of(c, table, key);
            batches = new BackfillRun.Batches(log, backfill, row.total(), row.done());
            String after = row.lastKey();
            String keptSql = "INSERT INTO " + progress.keptTable() + " (name, key_value) SELECT ?, CAST(" + key
                    + " AS VARCHAR(255)) FROM " + table + " WHERE ";
            String updateSql = "UPDATE " + table + " SET " + column + " = (" + value + ") WHERE ";
            while (true) {
                long started = System.nanoTime();
                String end = ranges.nextEnd(c, after, null, size);
                if (end == null) {
                    break;
                }
                String range = ranges.range(after != null);
                try (PreparedStatement ps = c.prepareStatement(keptSql + range + " AND NOT (" + fill + ")")) {
                    ps.setString(1, backfill);
                    bindRange(ps, 2, after, end);
                    ps.executeUpdate();
                }
                int filled;
                try (PreparedStatement ps = c.prepareStatement(updateSql + range + " AND " + fill)) {
                    bindRange(ps, 1, after, end);
                    filled = ps.executeUpdate();
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                progress.batchFilled(c, backfill, end, filled, millis);
                c.commit();
                batches.done(filled, System.nanoTime() - started);
                after = end;
            }
            progress.state(c, backfill, BackfillProgress.DONE);
            c.commit();
            BackfillProgress.Row last = progress.read(c, backfill);
            c.commit();
            confirmation = String.format(Locale.ROOT, "Backfill %s filled %,d rows in %,d batches of up to %,d keys"
                    + " (this run: %,d rows in %.1f s, longest batch %d ms; all runs: longest batch %d ms)", backfill,
                    last.done(), last.batches(), size, batches.rows, batches.seconds(), batches.longestMillis(),
                    last.longestBatchMs());
            log.info(confirmation);
        } catch (SQLException | RuntimeException e) {
            BackfillRun.rollbackQuietly(c);
            String at = batches == null ? "before its first batch"
                    : String.format(Locale.ROOT, "in batch %,d of this run, after %,d rows in this run", batches.count + 1,
                    batches.rows);
            throw BackfillRun.stopped("Backfill " + backfill + " stopped " + at + ": " + e.getMessage()
                    + ". The batches before it are committed and recorded in " + progress.table() + "; run the "
                    + "update again to continue where it stopped.", e);
        } finally {
            BackfillRun.restoreAutoCommit(c);
        }
    }

    /** Undoes the backfill; the same as {@link UndoBackfill} with this change's table, column and name. */
    @Override
    public void rollback(Database database) throws CustomChangeException {
        UndoBackfill undo = new UndoBackfill();
        undo.setTable(table);
        undo.setColumn(column);
        undo.setName(name);
        undo.setBatchSize(batchSize);
        undo.setProgressTable(progressTable);
        undo.execute(database);
        confirmation = undo.getConfirmationMessage();
    }

    private void sameBackfill(BackfillProgress.Row row) throws CustomChangeException {
        if (!row.table().equalsIgnoreCase(table) || !row.column().equalsIgnoreCase(column)
                || !row.key().equalsIgnoreCase(key)) {
            throw new CustomChangeException("Backfill " + row.name() + " is already recorded for " + row.table() + "."
                    + row.column() + " by key " + row.key() + ", not " + table + "." + column + " by key " + key
                    + ". Give this backfill its own name.");
        }
    }

    private static void bindRange(PreparedStatement ps, int from, String after, String end) throws SQLException {
        int p = from;
        if (after != null) {
            ps.setString(p++, after);
        }
        ps.setString(p, end);
    }

    /**
     * The checksum of what the backfill does: table, key, column, value, where, name and progress table. The batch
     * size is left out: it changes how the work is cut up, not the result.
     */
    @Override
    public CheckSum generateChecksum() {
        return CheckSum.compute("BatchedBackfill:" + String.join("|", String.valueOf(table), String.valueOf(key),
                String.valueOf(column), String.valueOf(value), String.valueOf(where), name(),
                new BackfillProgress(progressTable).table()));
    }

    @Override
    public String getConfirmationMessage() {
        return confirmation;
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        errors.checkRequiredField("table", table);
        errors.checkRequiredField("key", key);
        errors.checkRequiredField("column", column);
        errors.checkRequiredField("value", value);
        if (batchSize != null && !batchSize.isBlank() && !batchSize.trim().matches("[1-9][0-9]{0,8}")) {
            errors.addError("batchSize must be a whole number of at least 1, not '" + batchSize + "'");
        }
        return errors;
    }
}
