package io.dbsteps.ext.sqlite;

import java.util.ArrayList;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.ColumnConfig;
import liquibase.change.DatabaseChange;
import liquibase.change.core.DropColumnChange;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.DropColumnStatement;

/**
 * Liquibase's dropColumn, unchanged except on SQLite. There Liquibase builds the table rebuild itself, inside the
 * change, from its snapshot: declared types are rewritten, and a single {@code columnName} is not dropped at all.
 * This change hands SQLite a plain drop-column statement instead, which {@link SqliteDropColumnGenerator} runs
 * exactly. It has the same name and properties, so a changeset's checksum is the same with or without it.
 */
@DatabaseChange(name = "dropColumn", description = "Drop existing column(s).",
        priority = ChangeMetaData.PRIORITY_DEFAULT + 1, appliesTo = "column")
public class SqliteDropColumnChange extends DropColumnChange {

    /** Creates the change; Liquibase does this when it parses a changelog. */
    public SqliteDropColumnChange() {
    }

    /** @return this change with the properties of Liquibase's {@code change} */
    static SqliteDropColumnChange of(DropColumnChange change) {
        SqliteDropColumnChange copy = new SqliteDropColumnChange();
        copy.setCatalogName(change.getCatalogName());
        copy.setSchemaName(change.getSchemaName());
        copy.setTableName(change.getTableName());
        copy.setColumnName(change.getColumnName());
        copy.setColumns(change.getColumns());
        return copy;
    }

    /**
     * The same databases as Liquibase's change. Declared here because Liquibase warns about (or, with
     * {@code liquibase.supportsMethodValidationLevel=FAIL}, refuses) a replacement change that does not declare it.
     */
    @Override
    public boolean supports(Database database) {
        return super.supports(database);
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        if (!(database instanceof SQLiteDatabase)) {
            return super.generateStatements(database);
        }
        List<DropColumnStatement> drops = new ArrayList<>();
        List<ColumnConfig> columns = getColumns();
        if (columns != null && !columns.isEmpty()) {
            for (ColumnConfig c : columns) {
                drops.add(new DropColumnStatement(getCatalogName(), getSchemaName(), getTableName(), c.getName()));
            }
        } else {
            drops.add(new DropColumnStatement(getCatalogName(), getSchemaName(), getTableName(), getColumnName()));
        }
        return new SqlStatement[] {drops.size() == 1 ? drops.get(0) : new DropColumnStatement(drops)};
    }
}
