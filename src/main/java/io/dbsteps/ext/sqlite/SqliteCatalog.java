package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads what a table change needs from a SQLite connection: {@code sqlite_master} and the table pragmas. */
final class SqliteCatalog {
    /** A schema object as stored: its type, name, table and CREATE text. */
    record Entry(String type, String name, String table, String sql) {
    }

    /** A column as {@code PRAGMA table_xinfo} reports it; generated columns have {@code hidden} 2 or 3. */
    record Column(String name, boolean notNull, int pk, int hidden) {
    }

    private final Connection connection;

    SqliteCatalog(Connection connection) {
        this.connection = connection;
    }

    /** @return the table's CREATE TABLE text, exactly as stored */
    Entry table(String table) throws SQLException {
        for (Entry e : entries()) {
            if (e.type().equals("table") && e.name().equalsIgnoreCase(table)) {
                return e;
            }
        }
        throw new SQLException("no such table: " + table);
    }

    /** @return every index, trigger and view with stored SQL, in the order they were created */
    List<Entry> entries() throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")) {
            while (rs.next()) {
                out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    /** @return the table's indexes and triggers (which dropping it drops), in the order they were created */
    List<Entry> ownedBy(String table) throws SQLException {
        return entries().stream().filter(e -> (e.type().equals("index") || e.type().equals("trigger"))
                && e.table().equalsIgnoreCase(table)).toList();
    }

    /**
     * The views, and the triggers of other tables, whose text names the table or one of these views or triggers.
     * SQLite checks them when a table is renamed, so a rebuild drops them before and creates them again after.
     */
    List<Entry> dependents(String table) throws SQLException {
        List<Entry> all = entries();
        Set<String> names = new LinkedHashSet<>();
        names.add(table.toLowerCase(Locale.ROOT));
        Set<Entry> out = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Entry e : all) {
                boolean candidate = e.type().equals("view")
                        || (e.type().equals("trigger") && !e.table().equalsIgnoreCase(table));
                if (candidate && !out.contains(e)) {
                    var tokens = SqlTokens.of(e.sql());
                    if (names.stream().anyMatch(n -> SqlTokens.mentions(tokens, n))) {
                        out.add(e);
                        names.add(e.name().toLowerCase(Locale.ROOT));
                        grew = true;
                    }
                }
            }
        }
        return all.stream().filter(out::contains).toList();
    }

    /** @return the table's columns, generated ones included, in order */
    List<Column> columns(String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT name, \"notnull\", pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Column(rs.getString(1), rs.getInt(2) == 1, rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    /** @return the names of the tables whose foreign keys reference the table, itself included */
    List<String> referencedBy(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT DISTINCT m.name FROM sqlite_master m, "
                + "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND lower(f.\"table\") = lower(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** @return true if the connection enforces foreign keys */
    boolean foreignKeysEnforced() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** @return the SQLite library version as major * 1000000 + minor * 1000 + patch */
    int version() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            String[] v = rs.getString(1).split("\\.");
            return Integer.parseInt(v[0]) * 1_000_000 + Integer.parseInt(v[1]) * 1_000
                    + (v.length > 2 ? Integer.parseInt(v[2]) : 0);
        }
    }
}
