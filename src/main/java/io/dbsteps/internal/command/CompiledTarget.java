package io.dbsteps.internal.command;

import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.ChangelogManifest;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import io.dbsteps.internal.jdbc.SqliteForeignKeys;
import io.dbsteps.internal.jdbc.Tables;
import io.dbsteps.internal.lock.JdbcSchemaLock;
import io.dbsteps.internal.lock.TableLockWaits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A database and the compiled form of its changelog, with what both compiled commands ({@link CompiledUpdate},
 * {@link CompiledRollback}) need to decide whether they can do exactly what the Liquibase path would, and to run under
 * dbsteps' lock: the history read with JDBC, the tracking tables' names, and the lock taken by the same rule as under
 * Liquibase. This class must not use Liquibase.
 */
final class CompiledTarget {
    private static final String SIMPLE = "[a-z_][a-z0-9_]*";

    /** A row of the history, as the compiled commands compare it with the changelog. */
    record HistoryRow(ChangelogManifest.Entry entry, String tag, String description) {
        String name() {
            return entry.file() + "::" + entry.id() + "::" + entry.author();
        }
    }

    /** Work done under the lock, in one transaction the work commits; empty hands the command to Liquibase. */
    interface Work<T> {
        Optional<T> run() throws SQLException;
    }

    /** A check that reads only, before the lock and before anything is created. */
    interface Check {
        boolean passes() throws SQLException;
    }

    final Settings settings;
    final Connection c;
    final boolean postgres;
    final CompiledChangelog compiled;
    final ChangelogManifest manifest;
    final String logTable;
    final String lockTable;
    final String undoTable;
    private final String schema;
    /** The LIQUIBASE column of the history rows Liquibase on this class path writes. */
    final String version;
    /** True when a guarded release holds dbsteps' lock on this connection across its sessions. */
    private final boolean lockHeld;

    private CompiledTarget(Settings settings, Connection c, boolean postgres, CompiledChangelog compiled,
            ChangelogManifest manifest, String schema, String version, boolean lockHeld) {
        this.settings = settings;
        this.c = c;
        this.postgres = postgres;
        this.compiled = compiled;
        this.manifest = manifest;
        this.logTable = settings.changelog().logTable();
        this.lockTable = settings.changelog().lockTable();
        this.undoTable = settings.changelog().undoTable();
        this.schema = schema;
        this.version = version;
        this.lockHeld = lockHeld;
    }

    /**
     * The target, when the compiled path may apply to it at all: it is turned on, the connection is dbsteps' own
     * (autocommit on) or a guarded release's that holds dbsteps' lock, the database is PostgreSQL or SQLite, the jar
     * ships a compiled form for this changelog and configuration, compiled by the Liquibase on the class path from the
     * files as they are now, and the names are ones Liquibase writes unquoted. Reads nothing from the database but its
     * kind and schema.
     */
    static Optional<CompiledTarget> open(Settings settings, Connection c) throws SQLException {
        // a guarded release's connection, whose lock the release holds across its sessions; the Liquibase sessions
        // before this one leave its autocommit off
        boolean lockHeld = settings.source().sharedLock() != null;
        if (!settings.compiledPath() || lockHeld && !settings.source().sharedLock().isHeld()
                || !lockHeld && !c.getAutoCommit()) {
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
        String onClassPath = buildVersion(settings.classLoader());
        if (compiled.isEmpty() || onClassPath == null || !onClassPath.equals(compiled.get().liquibase())) {
            return Optional.empty(); // compiled by another Liquibase: its SQL and history values may differ
        }
        if (!compiled.get().current(settings.classLoader())) {
            return Optional.empty(); // a file changed since the build compiled it: Liquibase reads it as it is
        }
        ChangelogManifest manifest = ChangelogManifest.shipped(settings.classLoader(), settings.changelog().path(),
                dbms, settings.contexts(), settings.parameters()).orElse(null);
        String schema = postgres ? c.getSchema() : null;
        if (manifest == null || manifest.alwaysRuns() || !matches(manifest, compiled.get())
                || !settings.changelog().logTable().matches(SIMPLE) || !settings.changelog().lockTable().matches(SIMPLE)
                || !settings.changelog().undoTable().matches(SIMPLE)
                || postgres && (schema == null || !schema.matches(SIMPLE))) {
            return Optional.empty();
        }
        return Optional.of(new CompiledTarget(settings, c, postgres, compiled.get(), manifest, schema,
                historyVersion(onClassPath), lockHeld));
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

    /** The compiled SQL with this target's tracking tables and schema in the placeholders' places. */
    String sql(String compiledSql) {
        String s = CompiledChangelog.withTables(compiledSql, logTable, lockTable);
        return CompiledChangelog.inSchema(s, schema).orElseThrow();
    }

    /** Runs a statement the way Liquibase's executor runs a change's SQL. */
    void execute(String sql) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            if (sql.contains("?")) {
                st.setEscapeProcessing(false);
            }
            st.execute(sql);
        }
    }

    /** Runs a changeset's statements; on PostgreSQL within the configured waits for its tables' locks. */
    void executeAll(List<String> sql) throws Exception {
        withTableLockWaits(sql, () -> {
            for (String s : sql) {
                execute(s);
            }
        });
    }

    /**
     * Runs work in the open transaction; on PostgreSQL within the configured waits for the locks of the tables the
     * statements name, retried as a whole from a savepoint when a wait times out.
     *
     * @param sql the statements the work runs, to name the tables when the attempts run out
     */
    void withTableLockWaits(List<String> sql, TableLockWaits.Work work) throws Exception {
        if (postgres) {
            TableLockWaits.run(c, settings.tableLocks(), settings.lockWait(), () -> sql, work);
        } else {
            work.run();
        }
    }

    /**
     * Runs the work under dbsteps' lock, in a transaction, with SQLite's foreign keys suspended as under Liquibase;
     * empty, having done nothing, when the check before the lock fails or another holds the lock (the Liquibase path
     * then waits for it as configured). Under a guarded release, which holds the lock across its sessions, the work
     * runs under that lock and leaves it held, and the connection's autocommit is left as it was found.
     */
    <T> Optional<T> underLock(Check worthTheLock, Work<T> work) throws SQLException {
        // the names must be the tables' own: plain Liquibase may have created them in another case
        if (!sameName(logTable) || !sameName(lockTable)) {
            return Optional.empty();
        }
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) { // a release's connection: ends the read transaction its last session left open, and
            c.setAutoCommit(true); // SQLite's foreign-key pragma takes effect only outside a transaction
        }
        try {
            return locked(worthTheLock, work);
        } finally {
            if (!autoCommit) {
                c.setAutoCommit(false);
            }
        }
    }

    @SuppressWarnings("try") // the settings are held for their close(), which restores them
    private <T> Optional<T> locked(Check worthTheLock, Work<T> work) throws SQLException {
        try (AutoCloseable fks = postgres ? () -> { } : SqliteForeignKeys.suspend(c);
             AutoCloseable lockTimeout = TableLockWaits.boundSession(c, settings.lockWait())) {
            if (!worthTheLock.passes()) {
                return Optional.empty();
            }
            c.setAutoCommit(false);
            try {
                if (lockHeld) {
                    return work.run();
                }
                JdbcSchemaLock lock = JdbcSchemaLock.tryTake(c, postgres, lockTable, this::ensureLockTable);
                if (lock == null) {
                    return Optional.empty();
                }
                if (lock.tookOverFrom() != null) {
                    org.slf4j.LoggerFactory.getLogger(CompiledTarget.class).info("Took over the lock row of {} left "
                            + "by {}: its session lock is free, so that process is gone.", lockTable,
                            lock.tookOverFrom());
                }
                try (lock) {
                    return work.run();
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

    private boolean sameName(String table) throws SQLException {
        Optional<String> found = Tables.find(c, table);
        return found.isEmpty() || found.get().equals(table);
    }

    /** Creates Liquibase's lock table and row as Liquibase does, if they are missing. */
    private void ensureLockTable() throws SQLException {
        if (!Tables.exists(c, lockTable)) {
            for (String s : compiled.tables().createLock()) {
                execute(sql(s));
            }
            c.commit();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + lockTable + " WHERE ID = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) == 0) {
                for (String s : compiled.tables().initLock()) {
                    execute(sql(s));
                }
            }
        }
        c.commit();
    }

    /**
     * The history, oldest first, in Liquibase's order; empty when there is no history table; null if it cannot be
     * read as Liquibase's table (a column missing, ...) or holds a row that is not plainly executed (marked ran,
     * failed or reran: Liquibase knows what those mean).
     */
    List<HistoryRow> history() throws SQLException {
        if (!Tables.exists(c, logTable)) {
            return List.of();
        }
        List<HistoryRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, AUTHOR, FILENAME, MD5SUM, TAG, EXECTYPE, "
                + "ORDEREXECUTED, DATEEXECUTED, DESCRIPTION, COMMENTS, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID "
                + "FROM " + logTable + " ORDER BY DATEEXECUTED, ORDEREXECUTED");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!"EXECUTED".equals(rs.getString(6))) {
                    return null;
                }
                rows.add(new HistoryRow(new ChangelogManifest.Entry(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4)), rs.getString(5), rs.getString(9)));
            }
        } catch (SQLException e) {
            return null;
        }
        return rows;
    }

    /** Whether the history is a prefix of the changelog, the same changesets with the same checksums. */
    boolean isPrefix(List<HistoryRow> history) {
        if (history == null || history.size() > manifest.entries().size()) {
            return false;
        }
        Set<ChangelogManifest.Entry> applied = new HashSet<>();
        history.forEach(h -> applied.add(h.entry()));
        Set<ChangelogManifest.Entry> prefix = new HashSet<>(manifest.entries().subList(0, history.size()));
        return applied.equals(prefix) && applied.size() == history.size();
    }

    /**
     * The index of the first changeset from {@code from} on whose {@code tagDatabase} declares the tag exactly, as
     * Liquibase finds a tag not yet applied; -1 if none does.
     */
    int declaring(String tag, int from) {
        for (int i = from; i < compiled.steps().size(); i++) {
            if (tag.equals(compiled.steps().get(i).tag())) {
                return i;
            }
        }
        return -1;
    }

    /** The tag of the newest history row that has one, as the commands report the current tag. */
    static String currentTag(List<HistoryRow> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).tag() != null) {
                return history.get(i).tag();
            }
        }
        return null;
    }

    /** Another schema's tracking table in the namespace (ID, AUTHOR, FILENAME and EXECTYPE columns). */
    boolean otherTrackingTables() throws SQLException {
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
        return columns.entrySet().stream().anyMatch(e -> e.getValue() == 4 && !e.getKey().equals(logTable));
    }
}
