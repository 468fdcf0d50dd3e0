package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.SetNullableStatement;

/**
 * addNotNullConstraint and dropNotNullConstraint on SQLite: the table rebuild with only that column's NOT NULL
 * clause added or removed. Rows with NULL in the column make adding the constraint fail, as on PostgreSQL.
 */
public class SqliteSetNullableGenerator extends SqliteTableChangeGenerator<SetNullableStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteSetNullableGenerator() {
    }

    @Override
    protected String tableName(SetNullableStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(SetNullableStatement statement, Database database, SqliteCatalog catalog) throws SQLException {
        String table = statement.getTableName();
        String column = statement.getColumnName();
        CreateTableText edited = createText(catalog, table);
        ColumnEdits.require(edited, table, column);
        boolean notNull = edited.column(column).clauses.stream().anyMatch(c -> c.kind().equals("not"));
        if (statement.isNullable()) {
            if (!notNull) {
                return List.of(); // already nullable, as PostgreSQL's DROP NOT NULL leaves it
            }
            edited.removeClauses(column, c -> c.kind().equals("not"));
        } else {
            if (notNull) {
                return List.of();
            }
            edited.removeClauses(column, c -> c.kind().equals("null"));
            edited.addClause(column, "not", (statement.getConstraintName() == null ? ""
                    : "CONSTRAINT " + SqlTokens.quote(statement.getConstraintName()) + " ") + "NOT NULL");
        }
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
