package io.dbsteps.internal.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SQLite's one-row digest of a tracking table equals the digest of a manifest when the table holds the manifest's
 * rows, inserted in its order (names with non-ASCII and supplementary characters, a missing checksum), and differs after any one
 * change the full check would see, including rows whose names hold the separators, built to imitate another table.
 * A manifest whose names hold a separator has no digest; then the rows are read.
 */
class HistoryDigestTest {
    private static final List<ChangelogManifest.Entry> ROWS = List.of(
            new ChangelogManifest.Entry("1", "ann", "db/a.yaml", "9:abc"),
            new ChangelogManifest.Entry("1:2", "ann", "db/a.yaml", "9:abd"),
            new ChangelogManifest.Entry("élan", "zoë", "db/ü.yaml", null),
            new ChangelogManifest.Entry("rocket-\uD83D\uDE80", "bob", "db/b.yaml", "-"),
            new ChangelogManifest.Entry("12", "3", "4", "5"),
            new ChangelogManifest.Entry("Zed", "ann", "db/a.yaml", "9:abe"));

    @Test
    void theTableAndTheManifestGiveTheSameDigestExactlyWhenTheyHoldTheSameRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            assertThat(digest(c, List.of())).isEqualTo(HistoryDigest.of(List.of()));
            assertThat(digest(c, ROWS)).as("the same rows").isEqualTo(HistoryDigest.of(ROWS));

            List<List<ChangelogManifest.Entry>> changed = new ArrayList<>();
            changed.add(ROWS.subList(1, ROWS.size()));
            List<ChangelogManifest.Entry> extra = new ArrayList<>(ROWS);
            extra.add(new ChangelogManifest.Entry("7", "ann", "db/a.yaml", "9:x"));
            changed.add(extra);
            changed.add(replace(0, new ChangelogManifest.Entry("1", "ann", "db/a.yaml", "9:abx")));
            changed.add(replace(2, new ChangelogManifest.Entry("élan", "zoë", "db/ü.yaml", "-")));
            changed.add(replace(3, new ChangelogManifest.Entry("rocket-\uD83D\uDE80", "bob", "db/b.yaml", null)));
            changed.add(replace(4, new ChangelogManifest.Entry("1", "23", "4", "5")));
            changed.add(replace(0, new ChangelogManifest.Entry("1", "ann", "db/A.yaml", "9:abc")));
            // the first two rows of ROWS written as one row plus a row that makes up the count
            List<ChangelogManifest.Entry> forged = new ArrayList<>(ROWS.subList(2, ROWS.size()));
            forged.add(0, new ChangelogManifest.Entry("1", "ann", "db/a.yaml", "9:abc\u001e1:2\u001fann\u001fdb/a.yaml\u001f9:abd"));
            forged.add(new ChangelogManifest.Entry("x", "y", "z", null));
            changed.add(forged);
            for (List<ChangelogManifest.Entry> other : changed) {
                assertThat(digest(c, other)).as("%s", other).isNotEqualTo(HistoryDigest.of(ROWS));
            }
            assertThat(HistoryDigest.of(forged)).as("a manifest whose names hold a separator has no digest").isNull();
        }
    }

    private static List<ChangelogManifest.Entry> replace(int at, ChangelogManifest.Entry entry) {
        List<ChangelogManifest.Entry> out = new ArrayList<>(ROWS);
        out.set(at, entry);
        return out;
    }

    /** The digest SQLite reads from a tracking table holding these rows. */
    private static String digest(Connection c, List<ChangelogManifest.Entry> rows) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS log");
            st.execute("CREATE TABLE log (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) "
                    + "NOT NULL, DATEEXECUTED DATETIME NOT NULL, ORDEREXECUTED INT NOT NULL, MD5SUM VARCHAR(35), "
                    + "TAG VARCHAR(255))");
        }
        int order = 0;
        for (ChangelogManifest.Entry e : rows) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO log VALUES (?, ?, ?, '2026-01-01', ?, ?, NULL)")) {
                ps.setString(1, e.id());
                ps.setString(2, e.author());
                ps.setString(3, e.file());
                ps.setInt(4, ++order);
                ps.setString(5, e.checksum());
                ps.executeUpdate();
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(HistoryDigest.sqliteQuery("log"))) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(rows.size());
            return rs.getLong(1) == ROWS.size() || rows.isEmpty() ? rs.getString(2) : "count " + rs.getLong(1);
        }
    }
}
