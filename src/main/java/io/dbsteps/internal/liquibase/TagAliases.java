package io.dbsteps.internal.liquibase;

import io.dbsteps.internal.config.ChangelogRef;
import io.dbsteps.internal.jdbc.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import liquibase.changelog.RanChangeSet;

/**
 * Further names of an applied state. Liquibase's history has one TAG per row, so a state that already carries a tag
 * (the release tag, when a release manager tags "before-hotfix"), or the empty state before the first changeset,
 * cannot take another name there. dbsteps keeps such names in {@code dbsteps_tags} (with the schema's prefix), each
 * pointing at the history row
 * it names (by its identity, ORDEREXECUTED and DEPLOYMENT_ID, which a row applied again after a rollback does not
 * share) or at the empty state, and leaves the history as plain Liquibase
 * clients expect it. A name whose row was rolled back is stale: it is ignored, and taken again by a new tag.
 */
public final class TagAliases {
    /** A name of a state: the history row it names, or the empty state when {@code row} is null. */
    public record Alias(String name, RanChangeSet row) {
    }

    /**
     * What a rollback to a name undoes: to a tag Liquibase knows ({@code tag}), or the last {@code count} changesets
     * (a name of the empty state, or of a row that lost its tag).
     */
    public record Target(String tag, int count) {
    }

    private final String table;
    private final String prefix;

    /**
     * @param table  the table of further names
     * @param prefix the schema's tracking-table prefix, which its rows carry
     */
    public TagAliases(String table, String prefix) {
        this.table = table;
        this.prefix = prefix;
    }

    /** The further names of a schema's states. */
    public static TagAliases of(ChangelogRef changelog) {
        return new TagAliases(ChangelogRef.TAGS_TABLE, changelog.tablePrefix());
    }

    /** The names whose state is in the history now, oldest state first. Reads only; no table, no names. */
    public List<Alias> current(Connection c, List<RanChangeSet> history) throws SQLException {
        List<Alias> out = new ArrayList<>();
        Optional<String> stored = Tables.find(c, table);
        if (stored.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT NAME, ID, AUTHOR, FILENAME, ORDEREXECUTED, "
                + "DEPLOYMENT_ID FROM " + stored.get() + " WHERE SCHEMA_PREFIX = ? ORDER BY ORDEREXECUTED, CREATED")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (rs.getString(2) == null) {
                        out.add(new Alias(name, null));
                        continue;
                    }
                    String id = rs.getString(2);
                    String author = rs.getString(3);
                    String file = rs.getString(4);
                    int order = rs.getInt(5);
                    String deployment = rs.getString(6);
                    history.stream().filter(r -> r.getOrderExecuted() != null && r.getOrderExecuted() == order
                            && r.getId().equals(id) && r.getAuthor().equals(author) && file(r).equals(file)
                            && Objects.equals(r.getDeploymentId(), deployment)).findFirst()
                            .ifPresent(r -> out.add(new Alias(name, r)));
                }
            }
        }
        return out;
    }

    /** The names of the empty state, before the first changeset. */
    public static List<String> ofEmptyState(List<Alias> aliases) {
        return aliases.stream().filter(a -> a.row() == null).map(Alias::name).toList();
    }

    /** The further names of a history row. */
    public static List<String> namesOf(RanChangeSet row, List<Alias> aliases) {
        return aliases.stream().filter(a -> a.row() == row).map(Alias::name).toList();
    }

    /** The current name that matches the one asked for, as Liquibase matches applied tags (ignoring case). */
    public static Optional<Alias> find(String asked, List<Alias> aliases) {
        return aliases.stream().filter(a -> TagRule.matchesApplied(asked, a.name())).findFirst();
    }

    /**
     * What a rollback to the name undoes: a tag in the history stays itself; a further name becomes its row's tag,
     * or a count when it names the empty state.
     */
    public Target target(Connection c, String asked, List<RanChangeSet> history) throws SQLException {
        if (TagRule.appliedIndex(asked, history) >= 0) {
            return new Target(asked, 0);
        }
        Optional<Alias> alias = find(asked, current(c, history));
        if (alias.isEmpty()) {
            return new Target(asked, 0); // unknown: the planner refuses it with the tags there are
        }
        RanChangeSet row = alias.get().row();
        if (row == null) {
            return new Target(null, history.size());
        }
        if (row.getTag() != null && TagRule.appliedIndex(row.getTag(), history) == history.indexOf(row)) {
            return new Target(row.getTag(), 0);
        }
        return new Target(null, history.size() - 1 - history.indexOf(row));
    }

    /**
     * Adds a name for a state, replacing a stale entry of the same name; the caller holds the schema's lock.
     *
     * @param row the history row it names, or null for the empty state
     */
    public void add(Connection c, String name, RanChangeSet row) throws SQLException {
        String stored = Tables.ensure(c, table, "SCHEMA_PREFIX VARCHAR(63) NOT NULL, NAME VARCHAR(255) NOT NULL, "
                + "ID VARCHAR(255), AUTHOR VARCHAR(255), FILENAME VARCHAR(255), ORDEREXECUTED INTEGER, "
                + "DEPLOYMENT_ID VARCHAR(10), CREATED VARCHAR(40), PRIMARY KEY (SCHEMA_PREFIX, NAME)");
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + stored
                + " WHERE SCHEMA_PREFIX = ? AND LOWER(NAME) = LOWER(?)")) {
            del.setString(1, prefix);
            del.setString(2, name);
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + stored + " (SCHEMA_PREFIX, NAME, ID, AUTHOR, "
                + "FILENAME, ORDEREXECUTED, DEPLOYMENT_ID, CREATED) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, prefix);
            ps.setString(2, name);
            ps.setString(3, row == null ? null : row.getId());
            ps.setString(4, row == null ? null : row.getAuthor());
            ps.setString(5, row == null ? null : file(row));
            ps.setInt(6, row == null ? 0 : row.getOrderExecuted());
            ps.setString(7, row == null ? null : row.getDeploymentId());
            ps.setString(8, Instant.now().toString());
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static String file(RanChangeSet row) {
        return row.getStoredChangeLog() != null ? row.getStoredChangeLog() : row.getChangeLog();
    }
}
