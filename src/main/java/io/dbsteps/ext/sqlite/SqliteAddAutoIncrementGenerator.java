package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.sql.Sql;
import liquibase.statement.core.AddAutoIncrementStatement;

/**
 * addAutoIncrement on SQLite: the table rebuild with the column declared {@code PRIMARY KEY AUTOINCREMENT}, every other
 * column as written (Liquibase's own rebuild, made from its snapshot, rewrote declared types). SQLite gives
 * AUTOINCREMENT only to an {@code INTEGER} column that is the table's whole primary key; any other column is refused
 * before anything runs, with what to do.
 */
public class SqliteAddAutoIncrementGenerator extends SqliteTableChangeGenerator<AddAutoIncrementStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteAddAutoIncrementGenerator() {
    }

    @Override
    protected String tableName(AddAutoIncrementStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(AddAutoIncrementStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = statement.getTableName();
        String column = statement.getColumnName();
        CreateTableText edited = createText(catalog, table);
        ColumnEdits.require(edited, table, column);
        CreateTableText.Part definition = edited.column(column);
        if (definition.clauses.stream().anyMatch(c -> c.kind().equals("primary")
                && c.text().toLowerCase(Locale.ROOT).contains("autoincrement"))) {
            return List.of(); // already AUTOINCREMENT
        }
        String wanted = column.toLowerCase(Locale.ROOT);
        boolean keyOfColumn = definition.clauses.stream().anyMatch(c -> c.kind().equals("primary"));
        List<CreateTableText.Part> tableKeys = edited.tableConstraints().stream().filter(p -> p.kind.equals("primary"))
                .toList();
        boolean keyOfTable = tableKeys.size() == 1 && tableKeys.get(0).columns.equals(List.of(wanted));
        if (!definition.typeText.equalsIgnoreCase("integer") || !(keyOfColumn || keyOfTable)) {
            throw new UnexpectedLiquibaseException("SQLite gives AUTOINCREMENT only to an INTEGER column that is the "
                    + "whole primary key of its table, and column " + column + " of table " + table + " is "
                    + (definition.typeText.equalsIgnoreCase("integer") ? "not" : "declared " + definition.typeText
                    + ", or is not") + ". Nothing was changed. Make it INTEGER and the table's primary key first, or "
                    + "give this changeset a dbms filter.");
        }
        String name = keyOfTable ? tableKeys.get(0).name
                : definition.clauses.stream().filter(c -> c.kind().equals("primary")).findFirst().orElseThrow().name();
        edited.removeTableConstraints(p -> p.kind.equals("primary"));
        edited.removeClauses(column, c -> c.kind().equals("primary"));
        edited.addClause(column, "primary", (name == null ? "" : "CONSTRAINT " + SqlTokens.quote(name) + " ")
                + "PRIMARY KEY AUTOINCREMENT");
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
