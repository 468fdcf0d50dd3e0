package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import liquibase.change.ColumnConfig;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.sql.Sql;
import liquibase.statement.core.DropUniqueConstraintStatement;

/**
 * dropUniqueConstraint on SQLite: the table rebuild without the UNIQUE constraint, found by its name, or, when the
 * changeset names its columns instead, by those columns. A unique index of that name is dropped natively.
 */
public class SqliteDropUniqueConstraintGenerator extends SqliteTableChangeGenerator<DropUniqueConstraintStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteDropUniqueConstraintGenerator() {
    }

    @Override
    protected String tableName(DropUniqueConstraintStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(DropUniqueConstraintStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = statement.getTableName();
        String name = statement.getConstraintName() == null ? null
                : statement.getConstraintName().toLowerCase(Locale.ROOT);
        CreateTableText edited = createText(catalog, table);
        int removed = 0;
        if (name != null) {
            removed += edited.removeTableConstraints(p -> p.kind.equals("unique") && name.equals(p.name));
            for (CreateTableText.Part column : edited.columns()) {
                removed += edited.removeClauses(column.name, c -> c.kind().equals("unique") && name.equals(c.name()));
            }
            if (removed == 0) {
                for (SqliteCatalog.Entry e : catalog.ownedBy(table)) {
                    if (e.type().equals("index") && e.name().equalsIgnoreCase(name)) {
                        return List.of(sql("DROP INDEX " + SqlTokens.quote(e.name()), table));
                    }
                }
            }
        }
        ColumnConfig[] uniqueColumns = statement.getUniqueColumns();
        if (removed == 0 && uniqueColumns != null && uniqueColumns.length > 0) {
            List<String> wanted = Arrays.stream(uniqueColumns).map(c -> c.getName().toLowerCase(Locale.ROOT)).toList();
            removed += edited.removeTableConstraints(p -> p.kind.equals("unique") && p.columns.equals(wanted));
            if (removed == 0 && wanted.size() == 1 && edited.column(wanted.get(0)) != null) {
                removed += edited.removeClauses(wanted.get(0), c -> c.kind().equals("unique"));
            }
        }
        if (removed == 0) {
            throw new UnexpectedLiquibaseException("SQLite table " + table + " has no unique constraint "
                    + (name != null ? name : "on those columns") + " to drop. Nothing was changed.");
        }
        return TableRebuild.sql(catalog, table, edited, index -> true, List.of());
    }
}
