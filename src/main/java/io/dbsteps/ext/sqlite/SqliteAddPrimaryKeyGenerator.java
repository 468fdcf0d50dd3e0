package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.AddPrimaryKeyStatement;

/**
 * addPrimaryKey on SQLite: the table rebuild with a {@code CONSTRAINT name PRIMARY KEY (columns)} constraint, and NOT
 * NULL on each of its columns, as PostgreSQL gives them (SQLite's own primary keys allow NULL). A NULL already in a
 * column makes the rebuild's copy fail, as PostgreSQL's ALTER TABLE fails, and nothing changes.
 */
public class SqliteAddPrimaryKeyGenerator extends SqliteTableChangeGenerator<AddPrimaryKeyStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteAddPrimaryKeyGenerator() {
    }

    @Override
    protected String tableName(AddPrimaryKeyStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(AddPrimaryKeyStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = statement.getTableName();
        CreateTableText edited = createText(catalog, table);
        for (SqlTokens.Token token : SqlTokens.of(statement.getColumnNames())) {
            String column = token.name();
            if (column == null) {
                continue; // the commas between the names
            }
            ColumnEdits.require(edited, table, column);
            if (edited.column(column).clauses.stream().noneMatch(c -> c.kind().equals("not"))) {
                edited.removeClauses(column, c -> c.kind().equals("null"));
                edited.addClause(column, "not", "NOT NULL");
            }
        }
        String name = statement.getConstraintName();
        edited.addTableConstraint((name == null ? "" : "CONSTRAINT " + SqlTokens.quote(name) + " ")
                + "PRIMARY KEY (" + statement.getColumnNames() + ")");
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
