package io.dbsteps.internal.undo;

import io.dbsteps.Archive;
import io.dbsteps.ArchiveEntry;
import io.dbsteps.internal.jdbc.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema's record of the archives its rollbacks made, {@code <prefix>_archives}: one row per archive table, written
 * in the transaction that creates the archive. Archives are ordinary tables a person inspects and drops; the record
 * says where each came from.
 */
public final class ArchiveRegistry {
    private final String table;

    public ArchiveRegistry(String table) {
        this.table = table;
    }

    /** Records an archive just made, creating the record table on first use. */
    void record(Connection c, Archive archive, String changeset) throws SQLException {
        String stored = Tables.find(c, table).orElse(null);
        if (stored == null) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " (ARCHIVE_TABLE VARCHAR(63) NOT NULL PRIMARY KEY, "
                        + "SOURCE_TABLE VARCHAR(255) NOT NULL, SOURCE_COLUMN VARCHAR(255), CHANGESET VARCHAR(1000), "
                        + "ROWS_COPIED BIGINT NOT NULL, CREATED VARCHAR(40) NOT NULL)");
            }
            stored = table;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + stored + " (ARCHIVE_TABLE, SOURCE_TABLE, "
                + "SOURCE_COLUMN, CHANGESET, ROWS_COPIED, CREATED) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, archive.archiveTable());
            ps.setString(2, archive.table());
            ps.setString(3, archive.column());
            ps.setString(4, changeset);
            ps.setLong(5, archive.rows());
            ps.setString(6, Instant.now().toString());
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
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ARCHIVE_TABLE, SOURCE_TABLE, SOURCE_COLUMN, CHANGESET, "
                     + "ROWS_COPIED, CREATED FROM " + stored.get() + " ORDER BY CREATED, ARCHIVE_TABLE")) {
            while (rs.next()) {
                out.add(new ArchiveEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), Instant.parse(rs.getString(6))));
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
