package io.dbsteps.ext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Walks a table in ascending order of a unique key, one range of at most {@code size} keys at a time. Keys are
 * carried between batches, and stored in the progress table, as text; they are compared in the key's own type
 * ({@code CAST(? AS <type>)}), so that the ranges follow the index on the key.
 */
final class KeyRanges {
    private final String table;
    private final String key;
    private final String cast;

    private KeyRanges(String table, String key, String cast) {
        this.table = table;
        this.key = key;
        this.cast = cast;
    }

    /** Reads the declared type of the key column, for the casts. */
    static KeyRanges of(Connection c, String table, String key) throws SQLException {
        String type;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + key + " FROM " + table + " WHERE 1 = 0")) {
            type = rs.getMetaData().getColumnTypeName(1);
        }
        boolean castable = type != null && type.matches("[A-Za-z0-9_ (),]+");
        return new KeyRanges(table, key, castable ? "CAST(? AS " + type + ")" : "?");
    }

    /**
     * The condition {@code key > after AND key <= upTo}, with placeholders; {@code after} may be left out (the
     * range then starts at the first key).
     */
    String range(boolean hasAfter) {
        return (hasAfter ? key + " > " + cast + " AND " : "") + key + " <= " + cast;
    }

    /**
     * The last key of the next range: the {@code size}-th key after {@code after} (or from the start), but not
     * beyond {@code cap} if one is given; {@code null} when no key is left.
     */
    String nextEnd(Connection c, String after, String cap, int size) throws SQLException {
        StringBuilder where = new StringBuilder();
        if (after != null) {
            where.append(key).append(" > ").append(cast);
        }
        if (cap != null) {
            where.append(where.length() == 0 ? "" : " AND ").append(key).append(" <= ").append(cast);
        }
        String filter = where.length() == 0 ? "" : " WHERE " + where;
        String sized = "SELECT " + key + " FROM " + table + filter + " ORDER BY " + key + " LIMIT 1 OFFSET " + (size - 1);
        String end = first(c, sized, after, cap);
        if (end == null) {
            // fewer than size keys are left: the range ends at the last of them (MAX() has no uuid version)
            end = first(c, "SELECT " + key + " FROM " + table + filter + " ORDER BY " + key + " DESC LIMIT 1", after, cap);
        }
        return end;
    }

    private static String first(Connection c, String sql, String after, String cap) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            if (after != null) {
                ps.setString(p++, after);
            }
            if (cap != null) {
                ps.setString(p, cap);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
