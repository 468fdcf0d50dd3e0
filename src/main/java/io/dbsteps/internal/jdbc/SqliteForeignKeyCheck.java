package io.dbsteps.internal.jdbc;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SQLite's {@code PRAGMA foreign_key_check}, compared with the rows that were already broken when the command took
 * its lock. Enforcement is off while dbsteps changes the schema (see {@link SqliteForeignKeys}), so this check is
 * where a broken reference shows; it runs inside each transaction, before its commit, so a step that breaks a
 * reference is rolled back instead of committed. Rows that were broken before the command are reported as such and
 * do not fail it.
 */
public final class SqliteForeignKeyCheck {
    /** The state after a step that broke a foreign key was rolled back, for {@link #refusal}. */
    public static final String STEP_ROLLED_BACK = "That changeset was rolled back and is not recorded; changesets "
            + "before it stay applied.";
    private static final int SHOWN = 5;

    private final Set<Violation> before;

    private SqliteForeignKeyCheck(Set<Violation> before) {
        this.before = before;
    }

    /** One row whose foreign key points at a missing row: PRAGMA foreign_key_check's four columns. */
    private record Violation(String table, String rowid, String parent, String fkid) {
        String describe() {
            return table + " row " + rowid + " references a missing row of " + parent;
        }
    }

    /** Reads the rows that are broken now, before the command changes anything. */
    public static SqliteForeignKeyCheck before(Connection connection) throws SQLException {
        return new SqliteForeignKeyCheck(read(connection));
    }

    /** Up to five rows that were broken before the command began, described; empty if there were none. */
    public List<String> preExisting() {
        return before.stream().limit(SHOWN).map(Violation::describe).toList();
    }

    /** How many rows were broken before the command began. */
    public int preExistingCount() {
        return before.size();
    }

    /** Up to five rows broken now that were not broken before, described; empty if the command broke none. */
    public List<String> introduced(Connection connection) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Violation v : read(connection)) {
            if (!before.contains(v) && out.size() < SHOWN) {
                out.add(v.describe());
            }
        }
        return out;
    }

    /**
     * A refusal for the rows a step broke, for a step that is rolled back because of it.
     *
     * @param where  "Schema s: update" or similar
     * @param broken the rows, from {@link #introduced(Connection)}
     * @param state  what the database is like now, e.g. "Nothing was changed."
     */
    public DbStepsException refusal(String where, List<String> broken, String state) {
        return new DbStepsException(ErrorCode.CHANGESET_FAILED, where + " refused before its commit: it would "
                + "leave rows whose foreign keys point at missing rows: " + String.join("; ", broken) + ". " + state
                + " Fix the changeset (or the rows it leaves behind) and run the command again.");
    }

    /** The note for a command that went through although some rows were already broken before it began. */
    public String preExistingNote() {
        return preExistingCount() + " row(s) already had foreign keys pointing at missing rows before this command, "
                + "and still do (not caused by it): " + String.join("; ", preExisting());
    }

    private static Set<Violation> read(Connection connection) throws SQLException {
        Set<Violation> out = new LinkedHashSet<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                out.add(new Violation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }
}
