package io.dbsteps.harness;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What Liquibase's community snapshot does not see, read straight from the catalog. Each fact is one line; two
 * snapshots differ when their sets of lines differ.
 *
 * <p>Why each query exists:
 * <ul>
 *   <li>CHECK constraints: liquibase-core has no check-constraint object at all.</li>
 *   <li>PostgreSQL unique and exclusion constraints: its unique-constraint reading has had bugs (liquibase#1477),
 *       so their definitions are read with {@code pg_get_constraintdef}.</li>
 *   <li>PostgreSQL indexes: its index object has no predicate, expressions or validity; {@code pg_get_indexdef}
 *       and {@code indisvalid} have all three (an INVALID index left by a failed concurrent build must show).</li>
 *   <li>PostgreSQL enum types and triggers: not in the community snapshot.</li>
 *   <li>SQLite declared column types: a table rebuild can rewrite them while the JDBC metadata Liquibase reads
 *       still looks alike, so the declared type, NOT NULL, default and key position come from
 *       {@code PRAGMA table_xinfo}.</li>
 *   <li>SQLite foreign-key actions, index and trigger definitions: read from {@code PRAGMA foreign_key_list} and
 *       {@code sqlite_master}, which are authoritative.</li>
 * </ul>
 */
final class CatalogFacts {
    private CatalogFacts() {
    }

    static SortedSet<String> read(Connection c, boolean postgres, Predicate<String> tableIncluded) throws SQLException {
        return postgres ? postgres(c, tableIncluded) : sqlite(c, tableIncluded);
    }

    /**
     * Foreign keys as {@code fk table(columns) -> table(columns)}, the same on both databases. Liquibase's SQLite
     * snapshot cannot be used for this: SQLite foreign keys have no names, and Liquibase merges all the unnamed
     * foreign keys of a table into one.
     */
    static SortedSet<String> foreignKeys(Connection c, boolean postgres, Predicate<String> included) throws SQLException {
        SortedSet<String> out = new TreeSet<>();
        if (postgres) {
            query(c, """
                    SELECT t.relname, r.relname,
                      (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(att, n)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.att),
                      (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.confkey) WITH ORDINALITY k(att, n)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.att)
                    FROM pg_constraint con
                    JOIN pg_class t ON t.oid = con.conrelid
                    JOIN pg_class r ON r.oid = con.confrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = current_schema() AND con.contype = 'f'""", rs -> {
                if (included.test(rs.getString(1))) {
                    out.add("fk " + rs.getString(1) + "(" + rs.getString(3) + ") -> " + rs.getString(2) + "("
                            + rs.getString(4) + ")");
                }
            });
            return out;
        }
        List<String> tables = new ArrayList<>();
        query(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                rs -> tables.add(rs.getString(1)));
        for (String table : tables) {
            if (!included.test(table)) {
                continue;
            }
            java.util.Map<Integer, String[]> byId = new java.util.TreeMap<>();
            query(c, "PRAGMA foreign_key_list(\"" + table.replace("\"", "\"\"") + "\")", rs -> {
                String[] fk = byId.get(rs.getInt("id"));
                if (fk == null) {
                    fk = new String[] {rs.getString("table"), "", ""};
                    byId.put(rs.getInt("id"), fk);
                }
                fk[1] += (fk[1].isEmpty() ? "" : ",") + rs.getString("from");
                fk[2] += (fk[2].isEmpty() ? "" : ",") + rs.getString("to");
            });
            for (String[] fk : byId.values()) {
                out.add("fk " + table + "(" + fk[1] + ") -> " + fk[0] + "(" + fk[2] + ")");
            }
        }
        return out;
    }

    private static SortedSet<String> postgres(Connection c, Predicate<String> included) throws SQLException {
        SortedSet<String> facts = new TreeSet<>();
        query(c, """
                SELECT t.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
                FROM pg_constraint con
                JOIN pg_class t ON t.oid = con.conrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND con.contype IN ('c', 'u', 'x')""", rs -> {
            if (included.test(rs.getString(1))) {
                String kind = switch (rs.getString(3)) {
                    case "c" -> "check";
                    case "u" -> "unique";
                    default -> "exclusion";
                };
                facts.add(kind + " " + rs.getString(1) + "." + rs.getString(2) + ": " + rs.getString(4));
            }
        });
        query(c, """
                SELECT t.relname, i.relname, pg_get_indexdef(i.oid), ix.indisvalid
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema()""", rs -> {
            if (included.test(rs.getString(1))) {
                facts.add("index " + rs.getString(1) + "." + rs.getString(2) + ": " + rs.getString(3)
                        + (rs.getBoolean(4) ? "" : " INVALID"));
            }
        });
        query(c, """
                SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                FROM pg_type t
                JOIN pg_enum e ON e.enumtypid = t.oid
                JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = current_schema()
                GROUP BY t.typname""", rs -> facts.add("enum " + rs.getString(1) + ": " + rs.getString(2)));
        query(c, """
                SELECT t.relname, tg.tgname, pg_get_triggerdef(tg.oid)
                FROM pg_trigger tg
                JOIN pg_class t ON t.oid = tg.tgrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND NOT tg.tgisinternal""", rs -> {
            if (included.test(rs.getString(1))) {
                facts.add("trigger " + rs.getString(1) + "." + rs.getString(2) + ": " + rs.getString(3));
            }
        });
        return facts;
    }

    private static SortedSet<String> sqlite(Connection c, Predicate<String> included) throws SQLException {
        SortedSet<String> facts = new TreeSet<>();
        List<String[]> objects = new ArrayList<>();
        query(c, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
                rs -> objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}));
        for (String[] o : objects) {
            String type = o[0];
            String name = o[1];
            String table = o[2];
            if (!included.test(table)) {
                continue;
            }
            String sql = o[3] == null ? null : SqlText.normalize(o[3]);
            switch (type) {
                case "table" -> {
                    tableFacts(c, name, facts);
                    for (String check : SqlText.checks(sql)) {
                        facts.add("check " + name + ": " + check);
                    }
                }
                case "index" -> facts.add("index " + table + "." + name + ": " + sql);
                case "trigger" -> facts.add("trigger " + table + "." + name + ": " + sql);
                case "view" -> facts.add("view " + name + ": " + sql);
                default -> facts.add(type + " " + name + ": " + sql);
            }
        }
        return facts;
    }

    private static void tableFacts(Connection c, String table, SortedSet<String> facts) throws SQLException {
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        query(c, "PRAGMA table_xinfo(" + quoted + ")", rs -> facts.add("column " + table + "." + rs.getString("name")
                + ": " + SqlText.normalize(rs.getString("type"))
                + (rs.getInt("notnull") == 1 ? " NOT NULL" : "")
                + (rs.getString("dflt_value") == null ? "" : " DEFAULT " + SqlText.normalize(rs.getString("dflt_value")))
                + (rs.getInt("pk") > 0 ? " PK" + rs.getInt("pk") : "")
                + (rs.getInt("hidden") != 0 ? " HIDDEN" + rs.getInt("hidden") : "")));
        List<String> fks = new ArrayList<>();
        query(c, "PRAGMA foreign_key_list(" + quoted + ")", rs -> fks.add(rs.getInt("id") + "/" + rs.getInt("seq")
                + " (" + rs.getString("from") + ") -> " + rs.getString("table") + "(" + rs.getString("to") + ")"
                + " ON UPDATE " + rs.getString("on_update") + " ON DELETE " + rs.getString("on_delete")
                + " MATCH " + rs.getString("match")));
        for (String fk : fks) {
            facts.add("fk " + table + " " + fk.substring(fk.indexOf(' ') + 1));
        }
        List<String[]> uniques = new ArrayList<>();
        query(c, "PRAGMA index_list(" + quoted + ")", rs -> {
            if (!"c".equals(rs.getString("origin"))) {
                uniques.add(new String[] {rs.getString("name"), rs.getString("origin"), rs.getString("unique")});
            }
        });
        for (String[] u : uniques) {
            List<String> cols = new ArrayList<>();
            query(c, "PRAGMA index_info(\"" + u[0] + "\")", rs -> cols.add(rs.getString("name")));
            facts.add((u[1].equals("pk") ? "primary key " : "unique ") + table + ": (" + String.join(",", cols) + ")");
        }
    }

    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    static void query(Connection c, String sql, Row row) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }
}
