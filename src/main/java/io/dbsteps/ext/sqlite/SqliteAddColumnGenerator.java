package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.ColumnConstraint;
import liquibase.statement.ForeignKeyConstraint;
import liquibase.statement.core.AddColumnStatement;
import liquibase.structure.core.Column;

/**
 * addColumn on SQLite: {@code ALTER TABLE ... ADD COLUMN} where SQLite allows it (no PRIMARY KEY or UNIQUE, a
 * constant default, NOT NULL only with a non-null default, no position), otherwise the table rebuild. Existing
 * columns keep their declared types; the new column is declared as Liquibase's createTable would declare it.
 */
public class SqliteAddColumnGenerator extends SqliteTableChangeGenerator<AddColumnStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteAddColumnGenerator() {
    }

    @Override
    protected String tableName(AddColumnStatement statement) {
        return columns(statement).get(0).getTableName();
    }

    private static List<AddColumnStatement> columns(AddColumnStatement statement) {
        return statement.isMultiple() ? statement.getColumns() : List.of(statement);
    }

    @Override
    List<Sql> generate(AddColumnStatement statement, Database database, SqliteCatalog catalog) throws SQLException {
        String table = tableName(statement);
        boolean fkEnforced = catalog.foreignKeysEnforced();
        List<String> definitions = new ArrayList<>();
        boolean nativeAdd = true;
        for (AddColumnStatement c : columns(statement)) {
            String def = definition(c, database);
            definitions.add(def);
            String dflt = c.getDefaultValue() == null ? null : defaultExpression(c.getDefaultValue(), c.getColumnType(), database);
            boolean references = c.getConstraints().stream().anyMatch(k -> k instanceof ForeignKeyConstraint);
            nativeAdd &= !c.isPrimaryKey() && !c.isUnique()
                    && (dflt == null || constantDefault(dflt))
                    && (c.isNullable() || (dflt != null && !dflt.equalsIgnoreCase("NULL")))
                    && !(references && fkEnforced && dflt != null)
                    && c.getAddAfterColumn() == null && c.getAddBeforeColumn() == null && c.getAddAtPosition() == null;
        }
        if (nativeAdd) {
            String stored = catalog.table(table).name();
            return definitions.stream().map(d -> sql("ALTER TABLE " + SqlTokens.quote(stored) + " ADD COLUMN " + d,
                    table)).toList();
        }
        CreateTableText edited = createText(catalog, table);
        List<AddColumnStatement> cols = columns(statement);
        for (int i = 0; i < cols.size(); i++) {
            edited.addColumn(definitions.get(i), before(cols.get(i), edited));
        }
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }

    private static String before(AddColumnStatement c, CreateTableText edited) {
        if (c.getAddBeforeColumn() != null) {
            return c.getAddBeforeColumn();
        }
        var columns = edited.columns();
        if (c.getAddAfterColumn() != null) {
            for (int i = 0; i < columns.size() - 1; i++) {
                if (columns.get(i).name.equalsIgnoreCase(c.getAddAfterColumn())) {
                    return columns.get(i + 1).name;
                }
            }
            return null;
        }
        if (c.getAddAtPosition() != null && c.getAddAtPosition() >= 1 && c.getAddAtPosition() <= columns.size()) {
            return columns.get(c.getAddAtPosition() - 1).name;
        }
        return null;
    }

    private static String definition(AddColumnStatement c, Database database) {
        StringBuilder b = new StringBuilder(database.escapeObjectName(c.getColumnName(), Column.class))
                .append(' ').append(declaredType(c.getColumnType(), false, database));
        if (c.isPrimaryKey()) {
            b.append(" PRIMARY KEY");
            if (c.isAutoIncrement()) {
                b.append(" AUTOINCREMENT");
            }
        }
        if (c.getDefaultValue() != null) {
            b.append(c.getDefaultValueConstraintName() == null ? "" : " CONSTRAINT "
                    + SqlTokens.quote(c.getDefaultValueConstraintName()));
            b.append(" DEFAULT ").append(defaultExpression(c.getDefaultValue(), c.getColumnType(), database));
        }
        if (!c.isNullable() && !c.isPrimaryKey()) {
            b.append(" NOT NULL");
        }
        if (c.isUnique()) {
            b.append(" UNIQUE");
        }
        for (ColumnConstraint k : c.getConstraints()) {
            if (k instanceof ForeignKeyConstraint fk) {
                if (fk.getForeignKeyName() != null) {
                    b.append(" CONSTRAINT ").append(SqlTokens.quote(fk.getForeignKeyName()));
                }
                b.append(" REFERENCES ").append(references(fk));
                if (fk.isDeleteCascade()) {
                    b.append(" ON DELETE CASCADE");
                }
            }
        }
        return b.toString();
    }

    private static String references(ForeignKeyConstraint fk) {
        if (fk.getReferencedTableName() != null) {
            return fk.getReferencedTableName() + (fk.getReferencedColumnNames() == null ? ""
                    : " (" + fk.getReferencedColumnNames() + ")");
        }
        return fk.getReferences(); // "table(column)"
    }
}
