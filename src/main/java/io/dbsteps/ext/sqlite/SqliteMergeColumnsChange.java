package io.dbsteps.ext.sqlite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import liquibase.change.AddColumnConfig;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.MergeColumnChange;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.DropColumnStatement;
import liquibase.statement.core.RawParameterizedSqlStatement;
import liquibase.structure.core.Column;

/**
 * Liquibase's mergeColumns, unchanged except on SQLite. There Liquibase drops the two merged columns by a table
 * rebuild made from its snapshot, which rewrites the declared types of every other column ({@code NUMERIC(8,2)}
 * becomes {@code NUMBER(10, 2)}). This change gives SQLite the statements it gives the other databases: add the final
 * column, fill it with the same UPDATE, and drop the two columns, which {@link SqliteAddColumnGenerator} and
 * {@link SqliteDropColumnGenerator} run exactly. Same name and properties, so a changeset's checksum is the same.
 */
@DatabaseChange(name = "mergeColumns", priority = ChangeMetaData.PRIORITY_DEFAULT + 1, appliesTo = "column",
        description = "Concatenates the values in two columns, joins them by with string, and stores the resulting "
                + "value in a new column.")
public class SqliteMergeColumnsChange extends MergeColumnChange {

    /** Creates the change; Liquibase does this when it parses a changelog. */
    public SqliteMergeColumnsChange() {
    }

    /**
     * The same databases as Liquibase's change. Declared here because Liquibase warns about (or, with
     * {@code liquibase.supportsMethodValidationLevel=FAIL}, refuses) a replacement change that does not declare it.
     */
    @Override
    public boolean supports(Database database) {
        return super.supports(database);
    }

    /** On SQLite the statements no longer depend on a snapshot of the database. */
    @Override
    public boolean generateStatementsVolatile(Database database) {
        return false;
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        if (!(database instanceof SQLiteDatabase)) {
            return super.generateStatements(database);
        }
        AddColumnChange add = new AddColumnChange();
        add.setSchemaName(getSchemaName());
        add.setTableName(getTableName());
        AddColumnConfig column = new AddColumnConfig();
        column.setName(getFinalColumnName());
        column.setType(getFinalColumnType());
        add.addColumn(column);
        List<SqlStatement> out = new ArrayList<>(Arrays.asList(add.generateStatements(database)));
        out.add(new RawParameterizedSqlStatement("UPDATE "
                + database.escapeTableName(getCatalogName(), getSchemaName(), getTableName())
                + " SET " + database.escapeObjectName(getFinalColumnName(), Column.class)
                + " = " + database.getConcatSql(database.escapeObjectName(getColumn1Name(), Column.class),
                        "'" + getJoinString() + "'", database.escapeObjectName(getColumn2Name(), Column.class))));
        out.add(new DropColumnStatement(getCatalogName(), getSchemaName(), getTableName(), getColumn1Name()));
        out.add(new DropColumnStatement(getCatalogName(), getSchemaName(), getTableName(), getColumn2Name()));
        return out.toArray(SqlStatement[]::new);
    }
}
