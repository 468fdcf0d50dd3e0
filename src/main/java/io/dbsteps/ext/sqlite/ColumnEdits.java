package io.dbsteps.ext.sqlite;

import liquibase.exception.UnexpectedLiquibaseException;

/** Checks shared by the generators that edit one column's definition. */
final class ColumnEdits {
    private ColumnEdits() {
    }

    /** Throws a clear error if the table has no such column. */
    static void require(CreateTableText create, String table, String column) {
        if (create.column(column) == null) {
            throw new UnexpectedLiquibaseException("SQLite table " + table + " has no column " + column
                    + ". Nothing was changed.");
        }
    }
}
