package io.dbsteps.ext.sqlite;

import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.DropDefaultValueStatement;

/** dropDefaultValue on SQLite: the table rebuild with only that column's DEFAULT clause removed. */
public class SqliteDropDefaultValueGenerator extends SqliteTableChangeGenerator<DropDefaultValueStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteDropDefaultValueGenerator() {
    }

    @Override
    protected String tableName(DropDefaultValueStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(DropDefaultValueStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = statement.getTableName();
        String column = statement.getColumnName();
        CreateTableText edited = createText(catalog, table);
        ColumnEdits.require(edited, table, column);
        if (edited.removeClauses(column, c -> c.kind().equals("default")) == 0) {
            return List.of(); // no default: nothing to drop, as on PostgreSQL
        }
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
