package io.dbsteps.harness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A checksum of every row of every table: {@code table -> "<rows> rows, <sha-256>"}. Rows are hashed column by
 * column in column-name order, so a column that comes back at another position still matches; the row hashes are
 * sorted before they are combined, so the order rows are stored in does not matter.
 */
public final class RowChecksums {
    private RowChecksums() {
    }

    public static SortedMap<String, String> of(Connection c, String excluded) {
        Pattern skip = Pattern.compile(excluded, Pattern.CASE_INSENSITIVE);
        SortedMap<String, String> out = new TreeMap<>();
        try {
            for (String table : tables(c)) {
                if (!skip.matcher(table).matches()) {
                    out.put(table, checksum(c, table));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("row checksums failed: " + e.getMessage(), e);
        }
        return out;
    }

    static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        String schema = c.getMetaData().getURL().startsWith("jdbc:postgresql") ? c.getSchema() : null;
        try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.startsWith("sqlite_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static String checksum(Connection c, String table) throws SQLException {
        List<byte[]> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i + 1;
            }
            java.util.Arrays.sort(order, (a, b) -> {
                try {
                    return md.getColumnName(a).compareToIgnoreCase(md.getColumnName(b));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (rs.next()) {
                MessageDigest row = sha256();
                for (int col : order) {
                    row.update(md.getColumnName(col).toLowerCase().getBytes(StandardCharsets.UTF_8));
                    row.update((byte) '=');
                    row.update(value(rs, col).getBytes(StandardCharsets.UTF_8));
                    row.update((byte) 0);
                }
                rows.add(row.digest());
            }
        }
        rows.sort(java.util.Arrays::compare);
        MessageDigest all = sha256();
        rows.forEach(all::update);
        return rows.size() + " rows, " + HexFormat.of().formatHex(all.digest());
    }

    private static String value(ResultSet rs, int col) throws SQLException {
        Object o = rs.getObject(col);
        if (o == null) {
            return "\u0000NULL";
        }
        if (o instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        return rs.getString(col);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
