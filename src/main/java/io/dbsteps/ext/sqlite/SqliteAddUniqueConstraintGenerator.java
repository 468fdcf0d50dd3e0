package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.AddUniqueConstraintStatement;

/**
 * addUniqueConstraint on SQLite: the table rebuild with a {@code CONSTRAINT name UNIQUE (columns)} table
 * constraint. Duplicate rows make it fail, as on PostgreSQL.
 */
public class SqliteAddUniqueConstraintGenerator extends SqliteTableChangeGenerator<AddUniqueConstraintStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteAddUniqueConstraintGenerator() {
    }

    @Override
    protected String tableName(AddUniqueConstraintStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(AddUniqueConstraintStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        CreateTableText edited = createText(catalog, statement.getTableName());
        String name = statement.getConstraintName();
        edited.addTableConstraint((name == null ? "" : "CONSTRAINT " + SqlTokens.quote(name) + " ")
                + "UNIQUE (" + statement.getColumnNames() + ")");
        return TableRebuild.sql(catalog, statement.getTableName(), edited, index -> true, List.of());
    }
}
