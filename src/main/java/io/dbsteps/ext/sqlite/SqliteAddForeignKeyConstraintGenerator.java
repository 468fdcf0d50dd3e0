package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.AddForeignKeyConstraintStatement;

/**
 * addForeignKeyConstraint on SQLite: the table rebuild with a {@code CONSTRAINT name FOREIGN KEY ... REFERENCES}
 * table constraint. As on PostgreSQL, it fails before anything changes if a row already references a missing row:
 * a one-row temporary table whose CHECK constraint, named after the foreign key, rejects the count of such rows.
 */
public class SqliteAddForeignKeyConstraintGenerator
        extends SqliteTableChangeGenerator<AddForeignKeyConstraintStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteAddForeignKeyConstraintGenerator() {
    }

    @Override
    protected String tableName(AddForeignKeyConstraintStatement statement) {
        return statement.getBaseTableName();
    }

    @Override
    List<Sql> generate(AddForeignKeyConstraintStatement s, Database database, SqliteCatalog catalog)
            throws SQLException {
        String table = s.getBaseTableName();
        CreateTableText edited = createText(catalog, table);
        StringBuilder fk = new StringBuilder();
        if (s.getConstraintName() != null) {
            fk.append("CONSTRAINT ").append(SqlTokens.quote(s.getConstraintName())).append(' ');
        }
        fk.append("FOREIGN KEY (").append(s.getBaseColumnNames()).append(") REFERENCES ")
                .append(s.getReferencedTableName())
                .append(s.getReferencedColumnNames() == null ? "" : " (" + s.getReferencedColumnNames() + ")");
        if (s.getOnDelete() != null) {
            fk.append(" ON DELETE ").append(s.getOnDelete());
        }
        if (s.getOnUpdate() != null) {
            fk.append(" ON UPDATE ").append(s.getOnUpdate());
        }
        if (s.isDeferrable()) {
            fk.append(" DEFERRABLE INITIALLY ").append(s.isInitiallyDeferred() ? "DEFERRED" : "IMMEDIATE");
        }
        edited.addTableConstraint(fk.toString());
        return TableRebuild.sql(catalog, table, edited, index -> true, orphanCheck(s, catalog));
    }

    private static List<String> orphanCheck(AddForeignKeyConstraintStatement s, SqliteCatalog catalog)
            throws SQLException {
        List<String> base = names(s.getBaseColumnNames());
        List<String> referenced = s.getReferencedColumnNames() == null ? primaryKey(catalog, s.getReferencedTableName())
                : names(s.getReferencedColumnNames());
        List<String> conditions = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            conditions.add("b." + SqlTokens.quote(base.get(i)) + " IS NOT NULL");
            matches.add("r." + SqlTokens.quote(referenced.get(Math.min(i, referenced.size() - 1))) + " = b."
                    + SqlTokens.quote(base.get(i)));
        }
        String guard = "dbsteps_fk_guard";
        String message = "foreign key " + (s.getConstraintName() == null ? "" : s.getConstraintName() + " ")
                + "cannot be added: rows of " + s.getBaseTableName() + " reference missing rows of "
                + s.getReferencedTableName();
        return List.of(
                "CREATE TEMP TABLE " + guard + " (orphans INTEGER CONSTRAINT " + SqlTokens.quote(message)
                        + " CHECK (orphans = 0))",
                "INSERT INTO " + guard + " SELECT COUNT(*) FROM " + SqlTokens.quote(s.getBaseTableName())
                        + " b WHERE " + String.join(" AND ", conditions) + " AND NOT EXISTS (SELECT 1 FROM "
                        + SqlTokens.quote(s.getReferencedTableName()) + " r WHERE " + String.join(" AND ", matches) + ")",
                "DROP TABLE temp." + guard);
    }

    private static List<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    private static List<String> primaryKey(SqliteCatalog catalog, String table) throws SQLException {
        return catalog.columns(table).stream().filter(c -> c.pk() > 0)
                .sorted(Comparator.comparingInt(SqliteCatalog.Column::pk)).map(SqliteCatalog.Column::name).toList();
    }
}
