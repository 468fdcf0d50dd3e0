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
 * database; on PostgreSQL in a temporary schema of the same database (on the session's own connection, so that a
 * borrowed connection works too), inside one transaction that is rolled back, so that a step that names another
 * schema changes nothing there either. Only the update's adoption check replays a changelog with a step that must
 * run outside a transaction ({@code CREATE INDEX CONCURRENTLY}), in a committed temporary schema that is dropped
 * afterwards; drift and adoption refuse such a replay. The changesets run from the first, in changelog order,
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
                    return replay(s, db, scratch, changeSets, points, true);
                }
            }
            // a step that must run outside a transaction (CREATE INDEX CONCURRENTLY) needs the committed replay
            return changeSets.stream().allMatch(ChangeSet::isRunInTransaction)
                    ? inRolledBackTransaction(s, changeSets, points) : inTemporarySchema(s, changeSets, points);
        } finally {
            ParsedChangelogs.forgetLastRun(s.changeLog());
        }
    }

    /**
     * The shape the changesets give an empty database, learnt without leaving anything behind, for a command that must
     * change nothing (drift, adoption): on SQLite in a private in-memory database; on PostgreSQL the whole replay, its
     * temporary schema included, runs in one transaction on the session's connection that is rolled back at the end,
     * so that even a step naming another schema changes nothing. A step that cannot run inside a transaction (such as
     * {@code CREATE INDEX CONCURRENTLY}) makes the shape unknowable. Both sides of a comparison must be read by
     * {@link ShapeReader}.
     */
    public static SchemaSnapshot shapeAfter(LiquibaseSession s, List<ChangeSet> changeSets) throws Unknowable {
        if (!(s.database() instanceof SQLiteDatabase)) {
            ChangeSet outside = changeSets.stream().filter(cs -> !cs.isRunInTransaction()).findFirst().orElse(null);
            if (outside != null) {
                throw new Unknowable("changeset " + outside.getFilePath() + "::" + outside.getId() + "::"
                        + outside.getAuthor() + " must run outside a transaction, and the replay runs in one", null);
            }
        }
        try {
            return shapes(s, changeSets, Set.of(changeSets.size())).get(changeSets.size());
        } catch (Unknowable e) {
            throw e;
        } catch (Exception e) {
            throw new Unknowable("the scratch replay failed (" + rootMessage(e) + ")", e);
        }
    }

    private static Map<Integer, SchemaSnapshot> inRolledBackTransaction(LiquibaseSession s, List<ChangeSet> changeSets,
            Set<Integer> points) throws Exception {
        Connection c = s.connection();
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.commit();
        }
        c.setAutoCommit(false);
        String name = scratchName();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
            st.execute("SET LOCAL search_path TO " + name);
            PostgresDatabase db = new PostgresDatabase();
            db.setConnection(new HeldTransaction(c));
            db.setDefaultSchemaName(name);
            return replay(s, db, c, changeSets, points, false);
        } finally {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Liquibase's view of a connection whose transaction only the replay ends: its commits and rollbacks do nothing. */
    private static final class HeldTransaction extends JdbcConnection {
        HeldTransaction(Connection c) {
            super(c);
        }

        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }

        @Override
        public void setAutoCommit(boolean autoCommit) {
        }

        @Override
        public boolean getAutoCommit() {
            return false;
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
        String name = scratchName();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
            st.execute("SET search_path TO " + name);
            PostgresDatabase db = new PostgresDatabase();
            db.setConnection(new JdbcConnection(c));
            db.setDefaultSchemaName(name);
            return replay(s, db, c, changeSets, points, true);
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

    private static String scratchName() {
        return "dbsteps_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static Map<Integer, SchemaSnapshot> replay(LiquibaseSession s, Database db, Connection c,
            List<ChangeSet> changeSets, Set<Integer> points, boolean commitEachStep) throws Exception {
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
                    if (commitEachStep && !c.getAutoCommit()) {
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
