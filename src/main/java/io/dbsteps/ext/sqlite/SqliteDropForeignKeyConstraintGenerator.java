package io.dbsteps.ext.sqlite;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.sql.Sql;
import liquibase.statement.core.DropForeignKeyConstraintStatement;

/** dropForeignKeyConstraint on SQLite: the table rebuild without the named foreign key. */
public class SqliteDropForeignKeyConstraintGenerator
        extends SqliteTableChangeGenerator<DropForeignKeyConstraintStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteDropForeignKeyConstraintGenerator() {
    }

    @Override
    protected String tableName(DropForeignKeyConstraintStatement statement) {
        return statement.getBaseTableName();
    }

    @Override
    List<Sql> generate(DropForeignKeyConstraintStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = statement.getBaseTableName();
        String name = statement.getConstraintName() == null ? "" : statement.getConstraintName().toLowerCase(Locale.ROOT);
        CreateTableText edited = createText(catalog, table);
        int removed = edited.removeTableConstraints(p -> p.kind.equals("foreign") && name.equals(p.name));
        for (CreateTableText.Part column : edited.columns()) {
            removed += edited.removeClauses(column.name, c -> c.kind().equals("references") && name.equals(c.name()));
        }
        if (removed == 0) {
            throw new UnexpectedLiquibaseException("SQLite table " + table + " has no foreign key named "
                    + statement.getConstraintName() + " to drop (only named foreign keys can be dropped by name). "
                    + "Nothing was changed.");
        }
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
