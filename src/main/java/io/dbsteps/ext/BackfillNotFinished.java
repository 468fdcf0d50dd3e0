package io.dbsteps.ext;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;

/**
 * A precondition that fails when a {@link BatchedBackfill} has already finished: its progress row says so. With
 * {@code onFail: MARK_RAN} on the backfill's changeset, a backfill that finished but was not recorded as applied
 * (the process died between its last commit and Liquibase's history row) is recorded without running again. A
 * backfill that never ran, or stopped midway, passes, and runs (or continues).
 *
 * <pre>
 * preConditions:
 *   - onFail: MARK_RAN
 *   - customPrecondition:
 *       className: io.dbsteps.ext.BackfillNotFinished
 *       params:
 *         - param: {name: table, value: jobs}
 *         - param: {name: column, value: new_field}
 * </pre>
 * The optional parameters {@code name} and {@code progressTable} are those of the backfill.
 */
public class BackfillNotFinished implements CustomPrecondition {
    private String table;
    private String column;
    private String name;
    private String progressTable;

    /** @param table the backfilled table */
    public void setTable(String table) {
        this.table = table;
    }

    /** @param column the backfilled column */
    public void setColumn(String column) {
        this.column = column;
    }

    /** @param name the backfill's name; default {@code <table>.<column>} */
    public void setName(String name) {
        this.name = name;
    }

    /** @param progressTable the progress table; default {@code dbsteps_backfill} */
    public void setProgressTable(String progressTable) {
        this.progressTable = progressTable;
    }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        if ((name == null || name.isBlank()) && (table == null || column == null)) {
            throw new CustomPreconditionErrorException("BackfillNotFinished needs the parameters table and column, or name");
        }
        String backfill = name == null || name.isBlank() ? table + "." + column : name.trim();
        Connection c = JdbcConnections.of(database);
        BackfillProgress progress = new BackfillProgress(progressTable);
        try {
            BackfillProgress.Row row = progress.read(c, backfill);
            if (row != null && BackfillProgress.DONE.equals(row.state())) {
                throw new CustomPreconditionFailedException("Backfill " + backfill + " has already finished ("
                        + row.done() + " rows in " + row.batches() + " batches, recorded in " + progress.table() + ")");
            }
        } catch (SQLException e) {
            throw new CustomPreconditionErrorException("BackfillNotFinished could not read " + progress.table() + ": "
                    + e.getMessage(), e);
        }
    }
}
