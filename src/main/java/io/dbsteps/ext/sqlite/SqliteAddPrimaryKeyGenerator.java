package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.AddPrimaryKeyStatement;

/** addPrimaryKey on SQLite: the table rebuild with a {@code CONSTRAINT name PRIMARY KEY (columns)} constraint. */
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
        CreateTableText edited = createText(catalog, statement.getTableName());
        String name = statement.getConstraintName();
        edited.addTableConstraint((name == null ? "" : "CONSTRAINT " + SqlTokens.quote(name) + " ")
                + "PRIMARY KEY (" + statement.getColumnNames() + ")");
        return TableRebuild.sql(catalog, statement.getTableName(), edited, index -> true, List.of());
    }
}
