package io.dbsteps.internal.undo;

import io.dbsteps.Archive;
import io.dbsteps.internal.jdbc.Tables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Copies data aside before a rollback drops it: a dropped table into {@code dbsteps_archive_<table>_<time>}, a
 * dropped column, with the table's key columns, into {@code dbsteps_archive_<table>_<column>_<time>}; a hash is added
 * to the name only where PostgreSQL's 63-character limit forces one. Each archive is recorded in
 * {@code dbsteps_archive_index} (the archive, the schema, its source table and column, the changeset whose rollback drops
 * it, the rows and when). It runs on the rollback's own connection inside the changeset's transaction, so the copy and its
 * record commit with the drop or not at all.
 */
public final class Archiver {
    public static final String PREFIX = "dbsteps_archive_";
    private static final int MAX_NAME = 63; // PostgreSQL's identifier limit

    private final Connection connection;
    private final boolean postgres;
    private final String stamp;
    private final ArchiveRegistry registry;

    /**
     * @param registry the schema's record of its archives (in {@code dbsteps_archive_index})
     */
    public Archiver(Connection connection, boolean postgres, ArchiveRegistry registry) {
        this.connection = connection;
        this.postgres = postgres;
        this.registry = registry;
        this.stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    }

    /** Every drop a rollback plan makes, once, in the plan's order. */
    public static java.util.Set<Drop> drops(io.dbsteps.RollbackPlan plan) {
        java.util.Set<Drop> drops = new java.util.LinkedHashSet<>();
        plan.drops().forEach(d -> drops.add(new Drop(d.table(), d.column())));
        return drops;
    }

    /** For the record of each archive made before a rollback's first step: the first step of the plan dropping it. */
    public static Function<Drop, String> firstStepDropping(io.dbsteps.RollbackPlan plan) {
        java.util.Map<Drop, String> first = new java.util.HashMap<>();
        for (io.dbsteps.PlannedStep step : plan.steps()) {
            for (io.dbsteps.DroppedData d : step.drops()) {
                first.putIfAbsent(new Drop(d.table(), d.column()),
                        step.file() + "::" + step.id() + "::" + step.author());
            }
        }
        return first::get;
    }

    /** Counts what a drop would remove: the rows of a table, or the non-null values of a column; -1 if unknown. */
    public long count(Drop drop) {
        String table = existingTable(drop.table());
        if (table == null) {
            return 0;
        }
        String sql = "SELECT COUNT(*) FROM " + quote(table)
                + (drop.column() == null ? "" : " WHERE " + quote(drop.column()) + " IS NOT NULL");
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Archives the data the drops of one changeset's rollback would remove. */
    public List<Archive> archive(List<Drop> drops, String changeset) throws SQLException {
        return archive(drops, d -> changeset);
    }

    /**
     * Archives the data each drop would remove; drops of empty tables or all-null columns archive nothing.
     *
     * @param changesetOf the changeset ({@code file::id::author}) whose rollback makes each drop, for the record
     */
    public List<Archive> archive(List<Drop> drops, Function<Drop, String> changesetOf)
            throws SQLException {
        List<Archive> out = new ArrayList<>();
        for (Drop drop : drops) {
            String table = existingTable(drop.table());
            if (table == null || count(drop) <= 0) {
                continue;
            }
            String name = freeName(table + (drop.column() == null ? "" : "_" + drop.column().toLowerCase(Locale.ROOT)));
            String select;
            if (drop.column() == null) {
                select = "SELECT * FROM " + quote(table);
            } else {
                List<String> keys = primaryKey(table);
                keys.remove(drop.column());
                String columns = keys.isEmpty() ? "*" : String.join(", ", keys.stream().map(this::quote).toList())
                        + ", " + quote(drop.column());
                select = "SELECT " + columns + " FROM " + quote(table) + " WHERE " + quote(drop.column()) + " IS NOT NULL";
            }
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE " + quote(name) + " AS " + select);
            }
            long rows;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + quote(name))) {
                rs.next();
                rows = rs.getLong(1);
            }
            Archive archive = new Archive(table, drop.column(), name, rows);
            registry.record(connection, archive, changesetOf.apply(drop));
            out.add(archive);
        }
        return out;
    }

    private String freeName(String base) throws SQLException {
        String name = PREFIX + base + "_" + stamp;
        if (name.length() > MAX_NAME) {
            String hash = HexFormat.of().formatHex(sha1(base)).substring(0, 8);
            int keep = MAX_NAME - PREFIX.length() - hash.length() - stamp.length() - 2;
            name = PREFIX + base.substring(0, keep) + "_" + hash + "_" + stamp;
        }
        String candidate = name;
        for (int i = 2; existingTable(candidate) != null; i++) {
            candidate = name.substring(0, Math.min(name.length(), MAX_NAME - 3)) + "_" + i;
        }
        return candidate;
    }

    private String existingTable(String name) {
        try {
            return Tables.find(connection, name).orElse(null);
        } catch (SQLException e) {
            return null;
        }
    }

    private List<String> primaryKey(String table) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(null, postgres ? connection.getSchema() : null,
                table)) {
            while (rs.next()) {
                keys.add(rs.getString("COLUMN_NAME"));
            }
        }
        return keys;
    }

    private String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
