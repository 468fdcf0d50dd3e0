package io.dbsteps.internal.undo;

import io.dbsteps.Archive;
import io.dbsteps.ArchiveEntry;
import io.dbsteps.internal.config.ChangelogRef;
import io.dbsteps.internal.jdbc.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record of the archives rollbacks made, {@code dbsteps_archive_index}: one row per archive table, with the prefix of
 * the schema whose rollback made it, written in the transaction that creates the archive. Archives are ordinary tables
 * a person inspects and drops; the record says where each came from.
 */
public final class ArchiveRegistry {
    private final String table;
    private final String prefix;

    /**
     * @param table  the record table
     * @param prefix the schema's tracking-table prefix, which its rows carry
     */
    public ArchiveRegistry(String table, String prefix) {
        this.table = table;
        this.prefix = prefix;
    }

    /** The record of a schema's archives. */
    public static ArchiveRegistry of(ChangelogRef changelog) {
        return new ArchiveRegistry(ChangelogRef.ARCHIVES_TABLE, changelog.tablePrefix());
    }

    /** Records an archive just made, creating the record table on first use. */
    void record(Connection c, Archive archive, String changeset) throws SQLException {
        String stored = Tables.ensure(c, table, "ARCHIVE_TABLE VARCHAR(63) NOT NULL PRIMARY KEY, "
                + "SCHEMA_PREFIX VARCHAR(63) NOT NULL, SOURCE_TABLE VARCHAR(255) NOT NULL, SOURCE_COLUMN VARCHAR(255), "
                + "CHANGESET VARCHAR(1000), ROWS_COPIED BIGINT NOT NULL, CREATED VARCHAR(40) NOT NULL");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + stored + " (ARCHIVE_TABLE, SCHEMA_PREFIX, "
                + "SOURCE_TABLE, SOURCE_COLUMN, CHANGESET, ROWS_COPIED, CREATED) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, archive.archiveTable());
            ps.setString(2, prefix);
            ps.setString(3, archive.table());
            ps.setString(4, archive.column());
            ps.setString(5, changeset);
            ps.setLong(6, archive.rows());
            ps.setString(7, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** The archives recorded whose table still exists, oldest first; reads only. */
    public List<ArchiveEntry> list(Connection c) throws SQLException {
        List<ArchiveEntry> out = new ArrayList<>();
        Optional<String> stored = Tables.find(c, table);
        if (stored.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ARCHIVE_TABLE, SOURCE_TABLE, SOURCE_COLUMN, CHANGESET, "
                + "ROWS_COPIED, CREATED FROM " + stored.get() + " WHERE SCHEMA_PREFIX = ? ORDER BY CREATED, ARCHIVE_TABLE")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ArchiveEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), Instant.parse(rs.getString(6))));
                }
            }
        }
        out.removeIf(e -> !exists(c, e.archiveTable())); // dropped by a person once it was no longer needed
        return out;
    }

    private static boolean exists(Connection c, String name) {
        try {
            return Tables.exists(c, name);
        } catch (SQLException e) {
            return true;
        }
    }
}
