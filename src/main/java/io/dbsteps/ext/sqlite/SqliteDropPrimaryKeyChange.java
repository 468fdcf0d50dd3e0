package io.dbsteps.ext.sqlite;

import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.DropPrimaryKeyChange;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.DropPrimaryKeyStatement;

/**
 * Liquibase's dropPrimaryKey, unchanged except on SQLite. There Liquibase builds the table rebuild itself, inside
 * the change, from its snapshot, which rewrites declared types. This change hands SQLite a plain drop-primary-key
 * statement instead, which {@link SqliteDropPrimaryKeyGenerator} runs exactly. It has the same name and properties,
 * so a changeset's checksum is the same with or without it.
 */
@DatabaseChange(name = "dropPrimaryKey", description = "Drops an existing primary key",
        priority = ChangeMetaData.PRIORITY_DEFAULT + 1, appliesTo = "primaryKey")
public class SqliteDropPrimaryKeyChange extends DropPrimaryKeyChange {

    /** Creates the change; Liquibase does this when it parses a changelog. */
    public SqliteDropPrimaryKeyChange() {
    }

    /** @return this change with the properties of Liquibase's {@code change} */
    static SqliteDropPrimaryKeyChange of(DropPrimaryKeyChange change) {
        SqliteDropPrimaryKeyChange copy = new SqliteDropPrimaryKeyChange();
        copy.setCatalogName(change.getCatalogName());
        copy.setSchemaName(change.getSchemaName());
        copy.setTableName(change.getTableName());
        copy.setConstraintName(change.getConstraintName());
        copy.setDropIndex(change.getDropIndex());
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
        DropPrimaryKeyStatement statement = new DropPrimaryKeyStatement(getCatalogName(), getSchemaName(),
                getTableName(), getConstraintName());
        statement.setDropIndex(getDropIndex());
        return new SqlStatement[] {statement};
    }
}
