package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import io.dbsteps.ext.sqlite.SqliteCatalog.Entry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.sql.Sql;
import liquibase.sql.UnparsedSql;
import liquibase.structure.core.Table;

/**
 * SQLite's documented table rebuild ("Making Other Kinds Of Table Schema Changes"): create the new table from the
 * edited CREATE TABLE text, copy the rows, drop the old table, rename the new one, then create the table's indexes
 * and triggers, and the views and triggers that name it, again from their stored text. Views and other tables'
 * triggers that name the table are dropped before the rename and created again after it, because SQLite checks them
 * when a table is renamed. Foreign-key enforcement must be off (dropping the old table would otherwise delete or
 * cascade to the rows that reference it); the rebuild refuses to run otherwise.
 */
final class TableRebuild {
    private TableRebuild() {
    }

    /**
     * @param catalog   the database
     * @param table     the table to rebuild
     * @param edited    its edited CREATE TABLE text
     * @param keepIndex which of its indexes to create again
     * @param before    statements to run first (checks)
     * @return the statements, in order
     */
    static List<Sql> sql(SqliteCatalog catalog, String table, CreateTableText edited, Predicate<Entry> keepIndex,
                         List<String> before) throws SQLException {
        Entry stored = catalog.table(table);
        String name = stored.name();
        if (catalog.foreignKeysEnforced() && !catalog.referencedBy(name).isEmpty()) {
            throw new UnexpectedLiquibaseException("Changing SQLite table " + name + " means rebuilding it, and with "
                    + "foreign-key enforcement on, dropping the old table would delete or cascade to the rows of "
                    + String.join(", ", catalog.referencedBy(name)) + " that reference it. Nothing was changed; run "
                    + "the change with enforcement off (foreign_keys=false in the JDBC URL), as dbsteps does.");
        }
        String fresh = "dbsteps_new_" + name;
        Set<String> newColumns = edited.columns().stream()
                .filter(p -> p.clauses.stream().noneMatch(c -> c.kind().equals("generated") || c.kind().equals("as")))
                .map(p -> p.name).collect(Collectors.toSet());
        List<String> copied = catalog.columns(name).stream()
                .filter(c -> c.hidden() == 0 && newColumns.contains(c.name().toLowerCase(Locale.ROOT)))
                .map(c -> SqlTokens.quote(c.name())).toList();
        List<Entry> owned = catalog.ownedBy(name);
        List<Entry> dependents = catalog.dependents(name);
        List<String> out = new ArrayList<>(before);
        out.add(edited.render(fresh));
        String cols = String.join(", ", copied);
        out.add("INSERT INTO " + SqlTokens.quote(fresh) + " (" + cols + ") SELECT " + cols + " FROM "
                + SqlTokens.quote(name));
        for (int i = dependents.size() - 1; i >= 0; i--) {
            Entry d = dependents.get(i);
            out.add("DROP " + d.type().toUpperCase(Locale.ROOT) + " " + SqlTokens.quote(d.name()));
        }
        out.add("DROP TABLE " + SqlTokens.quote(name));
        out.add("ALTER TABLE " + SqlTokens.quote(fresh) + " RENAME TO " + SqlTokens.quote(name));
        for (Entry e : owned) {
            if (!e.type().equals("index") || keepIndex.test(e)) {
                out.add(e.sql());
            }
        }
        dependents.forEach(d -> out.add(d.sql()));
        Table affected = new Table().setName(name);
        return out.stream().map(s -> (Sql) new UnparsedSql(s, affected)).toList();
    }
}
