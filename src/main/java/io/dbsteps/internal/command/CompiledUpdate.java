package io.dbsteps.internal.command;

import io.dbsteps.Step;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.ChangelogManifest;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.jdbc.SqliteForeignKeyCheck;
import io.dbsteps.internal.jdbc.SqliteForeignKeys;
import io.dbsteps.internal.jdbc.Tables;
import io.dbsteps.internal.lock.JdbcSchemaLock;
import io.dbsteps.internal.lock.TableLockWaits;
import io.dbsteps.internal.undo.UndoRows;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The compiled path of an update: the pending plain changesets of a changelog whose compiled form
 * ({@link CompiledChangelog}) the jar ships run with JDBC alone, without loading Liquibase. Each changeset is one
 * transaction with its history row (every column as Liquibase writes it), its undo row and, on SQLite, the foreign-key
 * check; the lock is dbsteps' lock, taken by the same rule as under Liquibase.
 *
 * <p>It runs only when it can do exactly what the Liquibase path would: the history is a prefix of the changelog with
 * the same checksums, no other schema's tracking table is in the namespace, no release is unverified, the names are
 * ones Liquibase writes unquoted, and the lock is free at once. Otherwise it does nothing, and the whole update goes
 * through Liquibase. It stops before the first changeset that is not plain or whose preconditions it cannot tell pass,
 * and the rest of the update goes through Liquibase. This class must not use Liquibase.
 */
public final class CompiledUpdate {
    private static final String SIMPLE = "[a-z_][a-z0-9_]*";

    /**
     * What the compiled path did.
     *
     * @param fromTag  the tag before the update
     * @param steps    the changesets it applied, in order
     * @param finished     true if nothing is left for Liquibase to run
     * @param deploymentId the DEPLOYMENT_ID of the rows it wrote, which the Liquibase part of the update continues
     */
    public record Outcome(String fromTag, List<Step> steps, boolean finished, String deploymentId) {
        public String toTag() {
            String tag = fromTag;
            for (Step s : steps) {
                tag = s.tag() != null ? s.tag() : tag;
            }
            return tag;
        }
    }

    private record Names(String log, String lock, String undo, String schema) {
    }

    private record HistoryRow(ChangelogManifest.Entry entry, String tag) {
    }

    private CompiledUpdate() {
    }

    /**
     * Runs what it can of an update on the lease's connection, which must be dbsteps' own (autocommit on).
     *
     * @return what it did; empty when the compiled path does not apply and nothing was done
     */
    public static Optional<Outcome> run(Settings settings, Connection c) {
        return run(settings, c, null);
    }

    /**
     * As {@link #run(Settings, Connection)}, up to and including the pending changeset that declares this tag
     * (exactly, as Liquibase's updateToTag finds a tag not yet applied); a tag already applied, or one no pending
     * compiled changeset declares, is left to Liquibase.
     *
     * @param stopAtTag the tag to stop after, or null for every pending changeset
     */
    public static Optional<Outcome> run(Settings settings, Connection c, String stopAtTag) {
        try {
            if (!settings.compiledPath() || settings.source().sharedLock() != null || !c.getAutoCommit()) {
                return Optional.empty();
            }
            String product = c.getMetaData().getDatabaseProductName();
            boolean postgres = "PostgreSQL".equals(product);
            if (!postgres && !"SQLite".equals(product)) {
                return Optional.empty();
            }
            String dbms = postgres ? "postgresql" : "sqlite";
            Optional<CompiledChangelog> compiled = CompiledChangelog.shipped(settings.classLoader(),
                    settings.changelog().path(), dbms, settings.contexts(), settings.parameters());
            ChangelogManifest manifest = ChangelogManifest.shipped(settings.classLoader(), settings.changelog().path(),
                    dbms, settings.contexts(), settings.parameters()).orElse(null);
            String onClassPath = buildVersion(settings.classLoader());
            Names names = new Names(settings.changelog().logTable(), settings.changelog().lockTable(),
                    settings.changelog().undoTable(), postgres ? c.getSchema() : null);
            if (compiled.isEmpty() || onClassPath == null || !onClassPath.equals(compiled.get().liquibase())) {
                return Optional.empty(); // compiled by another Liquibase: its SQL and history values may differ
            }
            if (!compiled.get().current(settings.classLoader())) {
                return Optional.empty(); // a file changed since the build compiled it: Liquibase reads it as it is
            }
            String version = historyVersion(onClassPath);
            if (manifest == null || manifest.alwaysRuns()
                    || !matches(manifest, compiled.get()) || !names.log().matches(SIMPLE)
                    || !names.lock().matches(SIMPLE) || !names.undo().matches(SIMPLE)
                    || postgres && (names.schema() == null || !names.schema().matches(SIMPLE))) {
                return Optional.empty();
            }
            return new Run(settings, c, postgres, compiled.get(), manifest, names, version, stopAtTag).run();
        } catch (SQLException e) {
            return Optional.empty(); // before anything ran: the Liquibase path reports whatever is wrong
        }
    }

    /** The compiled changelog and the manifest were built together: the same changesets with the same checksums. */
    private static boolean matches(ChangelogManifest manifest, CompiledChangelog compiled) {
        if (manifest.entries().size() != compiled.steps().size()) {
            return false;
        }
        for (int i = 0; i < compiled.steps().size(); i++) {
            if (!entry(compiled.steps().get(i)).equals(manifest.entries().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static ChangelogManifest.Entry entry(CompiledChangelog.Step s) {
        return new ChangelogManifest.Entry(s.id(), s.author(), s.file(), s.checksum());
    }

    /** The build version of the Liquibase on the class path, read as Liquibase reads it; null if there is none. */
    static String buildVersion(ClassLoader loader) {
        Properties p = new Properties();
        try {
            Enumeration<URL> urls = loader.getResources("liquibase.build.properties");
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    p.load(in);
                }
            }
        } catch (IOException e) {
            return null;
        }
        String v = p.getProperty("build.version");
        return v == null || v.isBlank() ? null : v;
    }

    /** The LIQUIBASE column Liquibase writes: its build version, shortened as its history generator shortens it. */
    private static String historyVersion(String buildVersion) {
        String v = buildVersion.replace("SNAPSHOT", "SNP").replace("beta", "b").replace("alpha", "b");
        return v.length() > 20 ? v.substring(0, 20) : v;
    }

    /** Runs a statement the way Liquibase's executor runs a change's SQL. */
    private static void execute(Connection c, String sql) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            if (sql.contains("?")) {
                st.setEscapeProcessing(false);
            }
            st.execute(sql);
        }
    }

    /** One compiled update, under the lock. */
    private static final class Run {
        private final Settings settings;
        private final Connection c;
        private final boolean postgres;
        private final CompiledChangelog compiled;
        private final ChangelogManifest manifest;
        private final Names names;
        private final String version;
        private final String stopAtTag;
        private final String deploymentId = io.dbsteps.internal.jdbc.DeploymentIds.next();

        Run(Settings settings, Connection c, boolean postgres, CompiledChangelog compiled, ChangelogManifest manifest,
                Names names, String version, String stopAtTag) {
            this.stopAtTag = stopAtTag;
            this.settings = settings;
            this.c = c;
            this.postgres = postgres;
            this.compiled = compiled;
            this.manifest = manifest;
            this.names = names;
            this.version = version;
        }

        private String sql(String compiledSql) {
            String s = CompiledChangelog.withTables(compiledSql, names.log(), names.lock());
            return CompiledChangelog.inSchema(s, names.schema()).orElseThrow();
        }

        @SuppressWarnings("try") // the settings are held for their close(), which restores them
        Optional<Outcome> run() throws SQLException {
            // the names must be the tables' own: plain Liquibase may have created them in another case
            if (!sameName(names.log()) || !sameName(names.lock())) {
                return Optional.empty();
            }
            try (AutoCloseable fks = postgres ? () -> { } : SqliteForeignKeys.suspend(c);
                 AutoCloseable lockTimeout = TableLockWaits.boundSession(c, settings.lockWait())) {
                if (!worthTheLock()) {
                    return Optional.empty();
                }
                c.setAutoCommit(false);
                try {
                    JdbcSchemaLock lock = JdbcSchemaLock.tryTake(c, postgres, names.lock(), this::ensureLockTable);
                    if (lock == null) {
                        return Optional.empty(); // another holds it: the Liquibase path waits as configured
                    }
                    if (lock.tookOverFrom() != null) {
                        org.slf4j.LoggerFactory.getLogger(CompiledUpdate.class).info("Took over the lock row of {} "
                                + "left by {}: its session lock is free, so that process is gone.", names.lock(),
                                lock.tookOverFrom());
                    }
                    try (lock) {
                        return underLock();
                    }
                } finally {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                }
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException(e.getMessage(), e);
            }
        }

        /**
         * Reads only, before the lock and before anything is created: whether the compiled path can run at least the
         * first pending changeset. When it cannot, the Liquibase path runs the whole update, and a refusal of its
         * guards must find nothing created, not even the lock table.
         */
        private boolean worthTheLock() throws SQLException {
            if (otherTrackingTables() || unverifiedRelease()) {
                return false;
            }
            List<HistoryRow> history = Tables.exists(c, names.log()) ? history() : List.of();
            int next = history == null ? -1 : pendingFrom(history);
            if (next < 0 || next >= compiled.steps().size()) {
                return false;
            }
            if (end(history, next) < 0) {
                return false;
            }
            CompiledChangelog.Step first = compiled.steps().get(next);
            return first.plain() && new CompiledPreconditionCheck(c, postgres).passes(first.precondition());
        }

        /**
         * Where the run ends (exclusive): every changeset, or through the pending one that declares the tag; -1 when
         * the tag is already applied (in any case, as Liquibase finds an applied tag) or no pending changeset declares
         * it exactly.
         */
        private int end(List<HistoryRow> history, int next) {
            if (stopAtTag == null) {
                return compiled.steps().size();
            }
            if (history.stream().anyMatch(h -> stopAtTag.equalsIgnoreCase(h.tag()))) {
                return -1;
            }
            for (int i = next; i < compiled.steps().size(); i++) {
                if (stopAtTag.equals(compiled.steps().get(i).tag())) {
                    return i + 1;
                }
            }
            return -1;
        }

        /** The index of the first pending changeset, when the history is a prefix of the changelog; else -1. */
        private int pendingFrom(List<HistoryRow> history) {
            if (history.size() > manifest.entries().size()) {
                return -1;
            }
            java.util.Set<ChangelogManifest.Entry> applied = new java.util.HashSet<>();
            history.forEach(h -> applied.add(h.entry()));
            java.util.Set<ChangelogManifest.Entry> prefix = new java.util.HashSet<>(
                    manifest.entries().subList(0, history.size()));
            return applied.equals(prefix) && applied.size() == history.size() ? history.size() : -1;
        }

        private boolean sameName(String table) throws SQLException {
            Optional<String> found = Tables.find(c, table);
            return found.isEmpty() || found.get().equals(table);
        }

        /** Creates Liquibase's lock table and row as Liquibase does, if they are missing. */
        private void ensureLockTable() throws SQLException {
            if (!Tables.exists(c, names.lock())) {
                for (String s : compiled.tables().createLock()) {
                    execute(c, sql(s));
                }
                c.commit();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + names.lock() + " WHERE ID = 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    for (String s : compiled.tables().initLock()) {
                        execute(c, sql(s));
                    }
                }
            }
            c.commit();
        }

        private Optional<Outcome> underLock() throws SQLException {
            if (otherTrackingTables() || unverifiedRelease()) {
                return Optional.empty(); // the Liquibase path applies its guards
            }
            boolean created = false;
            if (!Tables.exists(c, names.log())) {
                for (String s : compiled.tables().createLog()) {
                    execute(c, sql(s));
                }
                created = true;
            }
            List<HistoryRow> history = created ? List.of() : history();
            List<CompiledChangelog.Step> steps = compiled.steps();
            if (history == null || pendingFrom(history) < 0 || end(history, history.size()) < 0) {
                c.rollback();
                return Optional.empty(); // not a prefix of the changelog, or the tag is not ahead: Liquibase decides
            }
            c.commit(); // the history table, if it was created, as Liquibase commits it before the first changeset
            String fromTag = null;
            for (HistoryRow h : history) {
                fromTag = h.tag() != null ? h.tag() : fromTag;
            }
            return Optional.of(apply(steps.subList(history.size(), end(history, history.size())), fromTag));
        }

        private Outcome apply(List<CompiledChangelog.Step> pending, String fromTag) throws SQLException {
            int order = nextOrder();
            SqliteForeignKeyCheck foreignKeys = postgres ? null : SqliteForeignKeyCheck.before(c);
            CompiledPreconditionCheck preconditions = new CompiledPreconditionCheck(c, postgres);
            List<Step> done = new ArrayList<>();
            boolean undoTable = false;
            for (CompiledChangelog.Step step : pending) {
                if (!step.plain()) {
                    return new Outcome(fromTag, done, false, deploymentId);
                }
                long start = System.nanoTime();
                String name = step.file() + "::" + step.id() + "::" + step.author();
                List<String> notes = new ArrayList<>();
                try {
                    if (!preconditions.passes(step.precondition())) {
                        c.rollback();
                        return new Outcome(fromTag, done, false, deploymentId);
                    }
                    List<String> sql = step.sql().stream().map(this::sql).toList();
                    if (postgres) {
                        TableLockWaits.run(c, settings.tableLocks(), settings.lockWait(), () -> sql, () -> {
                            for (String s : sql) {
                                execute(c, s);
                            }
                        });
                    } else {
                        for (String s : sql) {
                            execute(c, s);
                        }
                    }
                    insertHistoryRow(step, order++);
                    if (!undoTable) {
                        UndoRows.ensureTable(c, names.undo());
                        undoTable = true;
                    }
                    UndoRows.store(c, names.undo(), step.id(), step.author(), step.file(),
                            step.undo() == null ? null : sql(step.undo()));
                    if (foreignKeys != null) {
                        List<String> broken = foreignKeys.introduced(c);
                        if (!broken.isEmpty()) {
                            c.rollback();
                            throw foreignKeys.refusal("Schema " + settings.schema() + ": changeset " + name, broken,
                                    SqliteForeignKeyCheck.STEP_ROLLED_BACK);
                        }
                        if (done.isEmpty() && foreignKeys.preExistingCount() > 0) {
                            notes.add(foreignKeys.preExistingNote());
                        }
                    }
                    c.commit();
                } catch (io.dbsteps.DbStepsException e) {
                    throw e;
                } catch (Exception e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is broken: the server rolls the transaction back
                    }
                    throw Failures.translate(e, settings.schema(), "update", name, settings.source().mask());
                }
                Step s = new Step(step.id(), step.author(), step.file(), Step.Outcome.EXECUTED, step.tag(),
                        Duration.ofNanos(System.nanoTime() - start), notes);
                done.add(s);
                if (settings.progress() != null) {
                    settings.progress().stepDone(s);
                }
            }
            return new Outcome(fromTag, done, true, deploymentId);
        }

        private void insertHistoryRow(CompiledChangelog.Step step, int order) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + names.log() + " (ID, AUTHOR, FILENAME, "
                    + "DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, "
                    + "LIQUIBASE, DEPLOYMENT_ID, TAG) VALUES (?, ?, ?, " + compiled.dateFunction()
                    + ", ?, ?, ?, ?, 'EXECUTED', ?, ?, ?, ?, ?)")) {
                ps.setString(1, step.id());
                ps.setString(2, step.author());
                ps.setString(3, step.file());
                ps.setInt(4, order);
                ps.setString(5, step.checksum());
                ps.setString(6, step.description());
                ps.setString(7, step.comments());
                ps.setString(8, step.contexts());
                ps.setString(9, step.labels());
                ps.setString(10, version);
                ps.setString(11, deploymentId);
                ps.setString(12, step.tag());
                ps.executeUpdate();
            }
        }

        /** The history, oldest first; null if it cannot be read as Liquibase's table (a column missing, ...). */
        private List<HistoryRow> history() {
            List<HistoryRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, AUTHOR, FILENAME, MD5SUM, TAG, EXECTYPE, "
                    + "ORDEREXECUTED, DATEEXECUTED, DESCRIPTION, COMMENTS, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID "
                    + "FROM " + names.log() + " ORDER BY DATEEXECUTED, ORDEREXECUTED");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!"EXECUTED".equals(rs.getString(6))) {
                        return null; // marked ran, failed or reran rows: Liquibase knows what they mean
                    }
                    rows.add(new HistoryRow(new ChangelogManifest.Entry(rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4)), rs.getString(5)));
                }
            } catch (SQLException e) {
                return null;
            }
            return rows;
        }

        private int nextOrder() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ORDEREXECUTED) FROM " + names.log());
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) + 1 : 1;
            }
        }

        /** Another schema's tracking table in the namespace (ID, AUTHOR, FILENAME and EXECTYPE columns). */
        private boolean otherTrackingTables() throws SQLException {
            Map<String, Integer> columns = new HashMap<>();
            String sql = postgres
                    ? "SELECT c.relname, COUNT(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = "
                            + "a.attrelid WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', "
                            + "'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND lower(a.attname) IN "
                            + "('id', 'author', 'filename', 'exectype') GROUP BY c.relname"
                    : "SELECT m.name, COUNT(*) FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = "
                            + "'table' AND lower(p.name) IN ('id', 'author', 'filename', 'exectype') GROUP BY m.name";
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getInt(2));
                }
            }
            return columns.entrySet().stream().anyMatch(e -> e.getValue() == 4 && !e.getKey().equals(names.log()));
        }

        private boolean unverifiedRelease() throws SQLException {
            return new ReleaseRecord(settings.changelog().releaseTable()).newestUnverified(c).isPresent();
        }
    }
}
