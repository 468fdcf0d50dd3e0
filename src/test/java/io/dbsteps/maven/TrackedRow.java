package io.dbsteps.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of a tracking table, without what differs between runs (when and in which deployment it ran): the
 * identity every client must write the same, whether the Java API, the CLI or the stock Maven plugin applied it.
 *
 * @param id          ID
 * @param author      AUTHOR
 * @param filename    FILENAME, the logical file path
 * @param checksum    MD5SUM
 * @param description DESCRIPTION
 * @param comments    COMMENTS
 * @param tag         TAG
 * @param execType    EXECTYPE
 * @param contexts    CONTEXTS
 * @param labels      LABELS
 * @param liquibase   LIQUIBASE, the version that wrote it
 */
public record TrackedRow(String id, String author, String filename, String checksum, String description,
                         String comments, String tag, String execType, String contexts, String labels,
                         String liquibase) {
    private static final String COLUMNS = "ID, AUTHOR, FILENAME, MD5SUM, DESCRIPTION, COMMENTS, TAG, EXECTYPE, "
            + "CONTEXTS, LABELS, LIQUIBASE";

    /**
     * Reads a tracking table in the order its rows were applied.
     *
     * @param c     an open connection
     * @param table the tracking table, e.g. {@code dbsteps_codorch_log}
     * @return its rows; empty if the table does not exist
     */
    public static List<TrackedRow> read(Connection c, String table) throws SQLException {
        if (!exists(c, table)) {
            return List.of();
        }
        List<TrackedRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + table + " ORDER BY ORDEREXECUTED")) {
            while (rs.next()) {
                String[] v = new String[11];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rs.getString(i + 1);
                }
                rows.add(new TrackedRow(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]));
            }
        }
        return rows;
    }

    /**
     * Whether a table exists.
     *
     * @param c     an open connection
     * @param table the table's name in lower case
     * @return true if it exists
     */
    public static boolean exists(Connection c, String table) throws SQLException {
        String schema = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) ? c.getSchema() : null;
        try (ResultSet rs = c.getMetaData().getTables(null, schema, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /**
     * Saves rows to a file, one per line.
     *
     * @param rows the rows
     * @param file the file
     */
    public static void save(List<TrackedRow> rows, Path file) {
        List<String> lines = rows.stream().map(r -> String.join("\t", Arrays.stream(r.values())
                .map(v -> v == null ? "\\N" : v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"))
                .toList())).toList();
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads rows that {@link #save} wrote.
     *
     * @param file the file
     * @return the rows
     */
    public static List<TrackedRow> load(Path file) {
        try {
            return Files.readAllLines(file).stream().map(line -> {
                String[] v = Arrays.stream(line.split("\t", -1)).map(TrackedRow::unescape).toArray(String[]::new);
                return new TrackedRow(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String[] values() {
        return new String[] {id, author, filename, checksum, description, comments, tag, execType, contexts, labels,
            liquibase};
    }

    private static String unescape(String v) {
        if (v.equals("\\N")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** @return the row without its tag, to compare rows whose tag a client replaced */
    public TrackedRow withoutTag() {
        return new TrackedRow(id, author, filename, checksum, description, comments, null, execType, contexts, labels,
                liquibase);
    }
}
