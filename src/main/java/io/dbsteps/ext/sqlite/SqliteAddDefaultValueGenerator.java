package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.AddDefaultValueStatement;

/** addDefaultValue on SQLite: the table rebuild with only that column's DEFAULT clause set. */
public class SqliteAddDefaultValueGenerator extends SqliteTableChangeGenerator<AddDefaultValueStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteAddDefaultValueGenerator() {
    }

    @Override
    protected String tableName(AddDefaultValueStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(AddDefaultValueStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = statement.getTableName();
        String column = statement.getColumnName();
        CreateTableText edited = createText(catalog, table);
        ColumnEdits.require(edited, table, column);
        edited.removeClauses(column, c -> c.kind().equals("default"));
        String name = statement.getDefaultValueConstraintName();
        edited.addClause(column, "default", (name == null ? "" : "CONSTRAINT " + SqlTokens.quote(name) + " ")
                + "DEFAULT " + defaultExpression(statement.getDefaultValue(), statement.getColumnDataType(), database));
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
