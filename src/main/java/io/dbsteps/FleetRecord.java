package io.dbsteps;

import io.dbsteps.internal.command.CompiledPending;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.jdbc.Tables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The record a fleet update keeps in its target while it changes it: the table {@code <prefix>_fleet}, beside the
 * tracking tables, with one row holding the goal and the state the target had before (how many changesets were
 * applied, the newest of them, and the newest tag). It is written, table and row in one transaction, before the first
 * change, and dropped when the target reached the goal or was rolled back to that state. A table that is still there
 * when a fleet command takes the target's lock was left by a process that died; the state it names is where a failed
 * update returns to. Only the holder of the target's {@link FleetLock} reads or writes it.
 */
final class FleetRecord {
    private FleetRecord() {
    }

    /**
     * Where a target stood before a fleet update.
     *
     * @param count  how many changesets were applied
     * @param id     the newest applied changeset's id, or null if none
     * @param author its author
     * @param file   its file
     * @param tag    the newest applied tag, or null
     */
    record State(int count, String id, String author, String file, String tag) {
        static State of(HistoryResult history) {
            return of(rows(history), history.currentTag());
        }

        static State of(List<CompiledPending.Applied> rows, String currentTag) {
            if (rows.isEmpty()) {
                return new State(0, null, null, null, currentTag);
            }
            CompiledPending.Applied last = rows.get(rows.size() - 1);
            return new State(rows.size(), last.id(), last.author(), last.file(), currentTag);
        }

        boolean begins(HistoryResult history) {
            return begins(rows(history));
        }

        /** True if the history still begins with this state: the changesets applied since are the newest rows. */
        boolean begins(List<CompiledPending.Applied> rows) {
            if (rows.size() < count) {
                return false;
            }
            if (count == 0) {
                return true;
            }
            CompiledPending.Applied at = rows.get(count - 1);
            return java.util.Objects.equals(at.id(), id) && java.util.Objects.equals(at.author(), author)
                    && java.util.Objects.equals(at.file(), file);
        }

        private static List<CompiledPending.Applied> rows(HistoryResult history) {
            return history.applied().stream().map(a -> new CompiledPending.Applied(a.id(), a.author(), a.file()))
                    .toList();
        }

        String describe() {
            return count == 0 ? "no changesets applied"
                    : count + " changesets applied, tag " + (tag == null ? "(none)" : tag);
        }
    }

    /** The record of an earlier fleet update of this target, if one was left. */
    static Optional<State> read(Connection c, Settings s) throws SQLException {
        String table = table(s);
        if (!exists(c, table)) {
            return Optional.empty();
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT PRE_COUNT, PRE_ID, PRE_AUTHOR, PRE_FILE, PRE_TAG FROM " + table)) {
            return rs.next() ? Optional.of(new State(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5))) : Optional.empty();
        }
    }

    /** Writes the record, replacing any earlier one, in one transaction. */
    static void write(Connection c, Settings s, String goal, State pre) throws SQLException {
        String table = table(s);
        boolean exists = exists(c, table);
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                if (exists) {
                    st.executeUpdate("DELETE FROM " + table);
                } else {
                    st.executeUpdate("CREATE TABLE " + table + " (GOAL VARCHAR(255), PRE_COUNT INTEGER NOT NULL, "
                            + "PRE_ID VARCHAR(255), PRE_AUTHOR VARCHAR(255), PRE_FILE VARCHAR(255), PRE_TAG VARCHAR(255), "
                            + "OWNER VARCHAR(255), STARTED VARCHAR(40))");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (GOAL, PRE_COUNT, PRE_ID, "
                    + "PRE_AUTHOR, PRE_FILE, PRE_TAG, OWNER, STARTED) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, goal == null ? "(head)" : goal);
                ps.setInt(2, pre.count());
                ps.setString(3, pre.id());
                ps.setString(4, pre.author());
                ps.setString(5, pre.file());
                ps.setString(6, pre.tag());
                ps.setString(7, "dbsteps " + ProcessHandle.current().pid());
                ps.setString(8, java.time.Instant.now().toString());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Drops the record: the target is at the goal or back where it started. */
    static void clear(Connection c, Settings s) throws SQLException {
        String table = table(s);
        if (exists(c, table)) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DROP TABLE " + table);
            }
        }
    }

    static String table(Settings s) {
        return s.changelog().tablePrefix() + "_fleet";
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        return Tables.exists(c, table);
    }
}
