package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.DropColumnStatement;

/**
 * dropColumn on SQLite (3.35+): {@code ALTER TABLE ... DROP COLUMN} where SQLite allows it, otherwise the table
 * rebuild, which, as PostgreSQL does, also drops the indexes and table constraints that name the column. SQLite
 * refuses the native drop when the column is in a PRIMARY KEY, UNIQUE or foreign key, indexed, named by another
 * column's or a table CHECK or a generated column, or named by a trigger or view.
 */
public class SqliteDropColumnGenerator extends SqliteTableChangeGenerator<DropColumnStatement> {
    private static final int DROP_COLUMN_SINCE = 3_035_000;

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteDropColumnGenerator() {
    }

    @Override
    protected String tableName(DropColumnStatement statement) {
        return columns(statement).get(0).getTableName();
    }

    private static List<DropColumnStatement> columns(DropColumnStatement statement) {
        return statement.isMultiple() ? statement.getColumns() : List.of(statement);
    }

    @Override
    List<Sql> generate(DropColumnStatement statement, Database database, SqliteCatalog catalog) throws SQLException {
        String table = tableName(statement);
        String stored = catalog.table(table).name();
        CreateTableText edited = createText(catalog, table);
        List<String> names = columns(statement).stream().map(DropColumnStatement::getColumnName).toList();
        for (String name : names) {
            if (edited.column(name) == null) {
                throw new liquibase.exception.UnexpectedLiquibaseException("SQLite table " + stored
                        + " has no column " + name + " to drop. Nothing was changed.");
            }
        }
        boolean nativeDrop = catalog.version() >= DROP_COLUMN_SINCE;
        for (String name : names) {
            nativeDrop &= simple(name, edited, catalog, stored);
        }
        if (nativeDrop) {
            return names.stream().map(n -> sql("ALTER TABLE " + SqlTokens.quote(stored) + " DROP COLUMN "
                    + SqlTokens.quote(edited.column(n).name), table)).toList();
        }
        names.forEach(edited::dropColumn);
        return TableRebuild.sql(catalog, table, edited,
                index -> names.stream().noneMatch(n -> SqlTokens.mentions(SqlTokens.of(index.sql()), n)), List.of());
    }

    /** True if nothing but the column's own definition (without PRIMARY KEY, UNIQUE, REFERENCES) names it. */
    private static boolean simple(String name, CreateTableText create, SqliteCatalog catalog, String table)
            throws SQLException {
        CreateTableText.Part own = create.column(name);
        if (own.clauses.stream().anyMatch(c -> c.kind().equals("primary") || c.kind().equals("unique")
                || c.kind().equals("references"))) {
            return false;
        }
        if (create.parts().stream().anyMatch(p -> p != own && p.mentions(name))) {
            return false;
        }
        for (SqliteCatalog.Entry e : catalog.ownedBy(table)) {
            if (SqlTokens.mentions(SqlTokens.of(e.sql()), name)) {
                return false;
            }
        }
        for (SqliteCatalog.Entry e : catalog.dependents(table)) {
            if (SqlTokens.mentions(SqlTokens.of(e.sql()), name)) {
                return false;
            }
        }
        String lower = table.toLowerCase(Locale.ROOT);
        return catalog.referencedBy(table).stream().allMatch(t -> t.toLowerCase(Locale.ROOT).equals(lower));
    }
}
