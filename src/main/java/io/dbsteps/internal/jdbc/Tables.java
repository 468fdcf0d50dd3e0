package io.dbsteps.internal.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a table exists, asked of the catalog so that a missing table aborts no transaction of a borrowed
 * connection: the one place for that question. The table is looked up in the connection's current schema on
 * PostgreSQL (its namespace, read from {@code pg_class} in one query) and in the main database on SQLite (through JDBC
 * metadata, which takes a LIKE pattern, so the name is escaped and a row counts only if its name is the one asked
 * for). The name as given is tried first, then in lower and in upper case, as a database folds an unquoted name.
 */
public final class Tables {
    private Tables() {
    }

    /** True if the table exists. */
    public static boolean exists(Connection c, String table) throws SQLException {
        return find(c, table).isPresent();
    }

    /**
     * The table's name as the database stores it, creating the table first if there is none.
     *
     * @param columns the column and constraint definitions of {@code CREATE TABLE}, without the parentheses
     */
    public static String ensure(Connection c, String table, String columns) throws SQLException {
        Optional<String> stored = find(c, table);
        if (stored.isPresent()) {
            return stored.get();
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")");
        }
        return table;
    }

    /**
     * @return the table's name as the database stores it, or empty if there is no such table
     */
    public static Optional<String> find(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(table);
        candidates.add(table.toLowerCase(Locale.ROOT));
        candidates.add(table.toUpperCase(Locale.ROOT));
        if ("PostgreSQL".equals(md.getDatabaseProductName())) {
            return inCurrentSchema(c, candidates);
        }
        String escape = md.getSearchStringEscape();
        for (String candidate : candidates) {
            try (ResultSet rs = md.getTables(null, null, escaped(candidate, escape), new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (candidate.equals(rs.getString("TABLE_NAME"))) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The first candidate that is a table of the current schema on PostgreSQL, in one query: what the driver's
     * metadata calls a {@code TABLE} (an ordinary table outside the system schemas), asked of the catalog directly,
     * since metadata would take a round trip for the schema and one query per candidate.
     */
    private static Optional<String> inCurrentSchema(Connection c, Set<String> candidates) throws SQLException {
        Set<String> found = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                + "AND c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' "
                + "AND c.relname IN (?, ?, ?)")) {
            int i = 1;
            for (String candidate : candidates) {
                ps.setString(i++, candidate);
            }
            while (i <= 3) {
                ps.setString(i++, candidates.iterator().next());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return candidates.stream().filter(found::contains).findFirst();
    }

    private static String escaped(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
