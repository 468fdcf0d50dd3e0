package io.dbsteps.internal.command;

import io.dbsteps.internal.jdbc.Tables;

import io.dbsteps.internal.liquibase.TagRule;

import io.dbsteps.UnverifiedRelease;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import liquibase.changelog.RanChangeSet;

/**
 * The intent of each guarded release, kept in {@code <prefix>_release}: the target tag, the pre-release tag a failed
 * release returns to, when it started, who ran it, and its state. A release is written here, and committed, before
 * its update starts, and stays {@code UNVERIFIED} until its health check passes ({@code VERIFIED}) or it is rolled
 * back ({@code ROLLED_BACK}). A process that dies in between leaves the row, and the next release of the same tag
 * finishes the guard. Plain JDBC, so that the fast path can read it too.
 */
public final class ReleaseRecord {
    public static final String UNVERIFIED = "UNVERIFIED";
    public static final String VERIFIED = "VERIFIED";
    public static final String ROLLED_BACK = "ROLLED_BACK";

    private final String table;

    public ReleaseRecord(String table) {
        this.table = table;
    }

    /** One release. */
    public record Entry(long id, String target, String preTag, String state, Instant started, String owner) {
        UnverifiedRelease asUnverified() {
            return new UnverifiedRelease(target, preTag, started, owner);
        }
    }

    /**
     * The newest release still unverified whose changes are (at least partly) applied: its pre-release tag is no
     * longer the last applied state. A release whose database was rolled back to (or below) its pre-release tag by
     * hand, or whose process died before its update applied anything, is over. Reads only; creates nothing.
     */
    public Optional<Entry> open(Connection c, List<RanChangeSet> history) throws SQLException {
        Optional<Entry> newest = newestUnverified(c);
        if (newest.isEmpty()) {
            return newest;
        }
        Entry e = newest.get();
        if (e.preTag() == null) {
            return history.isEmpty() ? Optional.empty() : newest;
        }
        int at = TagRule.appliedIndex(e.preTag(), history);
        return at >= 0 && at < history.size() - 1 ? newest : Optional.empty();
    }

    /** The newest unverified release, whatever the history; empty if there is none or no table. */
    public Optional<Entry> newestUnverified(Connection c) throws SQLException {
        if (!exists(c)) {
            return Optional.empty(); // querying a missing table would abort a PostgreSQL transaction
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, target, pre_tag, state, started, owner FROM " + table
                + " WHERE state = ? ORDER BY id DESC")) {
            ps.setString(1, UNVERIFIED);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.parse(rs.getString(5)), rs.getString(6)));
            }
        }
    }

    /** Records a release's intent and commits it; the caller holds the schema's lock. */
    public Entry start(Connection c, String target, String preTag) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT NOT NULL PRIMARY KEY, "
                    + "target VARCHAR(255) NOT NULL, pre_tag VARCHAR(255), state VARCHAR(20) NOT NULL, "
                    + "started VARCHAR(40) NOT NULL, ended VARCHAR(40), owner VARCHAR(255) NOT NULL)");
        }
        long id;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(id) FROM " + table)) {
            rs.next();
            id = rs.getLong(1) + 1;
        }
        // Older unverified rows are over (see open): only the newest counts.
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = ?, ended = ? WHERE state = ?")) {
            ps.setString(1, ROLLED_BACK);
            ps.setString(2, Instant.now().toString());
            ps.setString(3, UNVERIFIED);
            ps.executeUpdate();
        }
        Instant now = Instant.now();
        String owner = ProcessHandle.current().pid() + "@" + host();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (id, target, pre_tag, state, started, owner) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, target);
            ps.setString(3, preTag);
            ps.setString(4, UNVERIFIED);
            ps.setString(5, now.toString());
            ps.setString(6, owner);
            ps.executeUpdate();
        }
        commit(c);
        return new Entry(id, target, preTag, UNVERIFIED, now, owner);
    }

    /** Ends a release as {@link #VERIFIED} or {@link #ROLLED_BACK}, and commits. */
    public void end(Connection c, long id, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = ?, ended = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, Instant.now().toString());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        commit(c);
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private boolean exists(Connection c) throws SQLException {
        return Tables.exists(c, table);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
