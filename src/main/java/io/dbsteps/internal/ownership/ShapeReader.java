package io.dbsteps.internal.ownership;

import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.schema.SchemaReader;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the shape of every table in a connection's current schema, in {@link SchemaSnapshot}'s keys, fast enough to
 * be read after each step of a scratch replay. On SQLite this is {@link SchemaSnapshot#of(Connection)}, which reads
 * only the catalog. On PostgreSQL, Liquibase's snapshot takes a good part of a second per read, which a replay of
 * dozens of steps cannot afford, so one catalog query reads columns ({@code format_type}, nullability, default),
 * constraints ({@code pg_get_constraintdef}), indexes ({@code pg_get_indexdef}), triggers and enum types. Both sides
 * of every comparison (the scratch database and the live one) are read by this same reader.
 */
public final class ShapeReader {
    private static final String POSTGRES = """
            SELECT c.relname, 'column/' || a.attname, format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                   || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0
              AND NOT a.attisdropped
            UNION ALL
            SELECT c.relname, 'constraint/' || con.conname, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema()
            UNION ALL
            SELECT t.relname, 'index/' || i.relname, pg_get_indexdef(i.oid) || CASE WHEN ix.indisvalid THEN '' ELSE ' INVALID' END
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema()
            UNION ALL
            SELECT t.relname, 'trigger/' || tg.tgname, pg_get_triggerdef(tg.oid)
            FROM pg_trigger tg
            JOIN pg_class t ON t.oid = tg.tgrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND NOT tg.tgisinternal
            UNION ALL
            SELECT c.relname, NULL, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' ELSE '' END
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')
            UNION ALL
            SELECT NULL, 'enum/' || t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
            FROM pg_type t
            JOIN pg_enum e ON e.enumtypid = t.oid
            JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = current_schema()
            GROUP BY t.typname""";

    private ShapeReader() {
    }

    /** The shape of the connection's current schema (PostgreSQL) or main database (SQLite), tables of every owner. */
    public static SchemaSnapshot read(Connection c) throws SQLException {
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            SchemaReader.Objects read = SchemaReader.read(c, table -> true);
            return SchemaSnapshot.of(read.dbms(), read.objects());
        }
        String schema;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            schema = rs.getString(1);
        }
        Pattern qualifier = Pattern.compile("(?<![\\w\"])\"?" + Pattern.quote(String.valueOf(schema)) + "\"?\\.");
        SortedMap<String, String> out = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(POSTGRES)) {
            while (rs.next()) {
                String table = rs.getString(1);
                String object = rs.getString(2);
                String definition = qualifier.matcher(String.valueOf(rs.getString(3))).replaceAll("");
                if (table == null) {
                    out.put(object, definition);
                } else if (object == null) {
                    out.put("table/" + table, definition);
                } else {
                    out.put("table/" + table + "/" + object, definition);
                }
            }
        }
        return SchemaSnapshot.of("postgresql", out);
    }
}
