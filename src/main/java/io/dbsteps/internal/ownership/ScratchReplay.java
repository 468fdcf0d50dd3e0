package io.dbsteps.internal.ownership;

import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.ParsedChangelogs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.core.TagDatabaseChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.database.jvm.JdbcConnection;

/**
 * Learns what a changelog's steps create by running them where nothing is at stake: on SQLite in a private in-memory
 * database, on PostgreSQL in a temporary schema of the same database (on the session's own connection, so that a
 * borrowed connection works too), which is dropped afterwards. The changesets run from the first, in changelog order,
 * exactly as Liquibase runs them (preconditions included), but without a history: a {@code tagDatabase} step, which
 * only writes the history, is skipped.
 */
public final class ScratchReplay {
    private ScratchReplay() {
    }

    /** The replay could not run a step, so what the steps create cannot be known. */
    public static final class Unknowable extends Exception {
        private static final long serialVersionUID = 1L;

        Unknowable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs the changesets and reads the scratch schema at the chosen points.
     *
     * @param points k means "after the first k changesets" (0: the empty database)
     * @return the shape at each point
     */
    static Map<Integer, SchemaSnapshot> shapes(LiquibaseSession s, List<ChangeSet> changeSets, Set<Integer> points)
            throws Exception {
        try {
            if (s.database() instanceof SQLiteDatabase) {
                try (Connection scratch = DriverManager.getConnection("jdbc:sqlite::memory:")) {
                    SQLiteDatabase db = new SQLiteDatabase();
                    db.setConnection(new JdbcConnection(scratch));
                    return replay(s, db, scratch, changeSets, points);
                }
            }
            return inTemporarySchema(s, changeSets, points);
        } finally {
            ParsedChangelogs.forgetLastRun(s.changeLog());
        }
    }

    private static Map<Integer, SchemaSnapshot> inTemporarySchema(LiquibaseSession s, List<ChangeSet> changeSets,
            Set<Integer> points) throws Exception {
        Connection c = s.connection();
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.commit();
        }
        String searchPath;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path")) {
            rs.next();
            searchPath = rs.getString(1);
        }
        String name = "dbsteps_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
            st.execute("SET search_path TO " + name);
            PostgresDatabase db = new PostgresDatabase();
            db.setConnection(new JdbcConnection(c));
            db.setDefaultSchemaName(name);
            return replay(s, db, c, changeSets, points);
        } finally {
            try (Statement st = c.createStatement()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                st.execute("SELECT set_config('search_path', " + quote(searchPath) + ", false)");
                st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static Map<Integer, SchemaSnapshot> replay(LiquibaseSession s, Database db, Connection c,
            List<ChangeSet> changeSets, Set<Integer> points) throws Exception {
        Map<Integer, SchemaSnapshot> out = new HashMap<>();
        if (points.contains(0)) {
            out.put(0, ShapeReader.read(c));
        }
        for (int i = 0; i < changeSets.size(); i++) {
            ChangeSet cs = changeSets.get(i);
            if (!onlyTags(cs)) {
                try {
                    Scope.child(Map.<String, Object>of(Scope.Attr.database.name(), db),
                            () -> cs.execute(s.changeLog(), null, db));
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                } catch (Exception e) {
                    throw new Unknowable("running changeset " + cs.getFilePath() + "::" + cs.getId() + "::"
                            + cs.getAuthor() + " on an empty scratch database failed (" + rootMessage(e) + ")", e);
                }
            }
            if (points.contains(i + 1)) {
                out.put(i + 1, ShapeReader.read(c));
            }
        }
        return out;
    }

    private static boolean onlyTags(ChangeSet cs) {
        List<Change> changes = cs.getChanges();
        return !changes.isEmpty() && changes.stream().allMatch(ch -> ch instanceof TagDatabaseChange);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).strip();
    }
}
