package io.dbsteps.ext.sqlite;

import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.sql.Sql;
import liquibase.statement.core.DropPrimaryKeyStatement;

/** dropPrimaryKey on SQLite: the table rebuild without the PRIMARY KEY clause or table constraint. */
public class SqliteDropPrimaryKeyGenerator extends SqliteTableChangeGenerator<DropPrimaryKeyStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteDropPrimaryKeyGenerator() {
    }

    @Override
    protected String tableName(DropPrimaryKeyStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(DropPrimaryKeyStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = statement.getTableName();
        CreateTableText edited = createText(catalog, table);
        int removed = edited.removeTableConstraints(p -> p.kind.equals("primary"));
        for (CreateTableText.Part column : edited.columns()) {
            removed += edited.removeClauses(column.name, c -> c.kind().equals("primary"));
        }
        if (removed == 0) {
            throw new UnexpectedLiquibaseException("SQLite table " + table + " has no primary key to drop. "
                    + "Nothing was changed.");
        }
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
