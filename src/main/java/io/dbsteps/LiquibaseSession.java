package io.dbsteps;

import io.dbsteps.ext.DbStepsLockService;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.GlobalConfiguration;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.command.CommandScope;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockServiceFactory;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * One command's use of Liquibase: a connection, a Liquibase {@link Database} that keeps its history in the
 * schema's own tracking tables, the parsed changelog, and a Liquibase scope with analytics off, logging sent to
 * SLF4J and nothing printed to the console.
 *
 * <p>Liquibase keeps process-wide caches of lock and history services, so commands in one JVM run one at a time;
 * processes are kept apart by the database lock.
 */
final class LiquibaseSession {
    private static final Object GATE = new Object();

    /** The work a command does inside a session. */
    interface Work<T> {
        T run(LiquibaseSession session) throws Exception;
    }

    private final Settings settings;
    private final Database database;
    private final StepRecorder recorder;
    private final StepTransactions tx;
    private final UndoStore undo;
    private ChangeSetHooks hooks;
    private DatabaseChangeLog changeLog;
    private ChangeLogParameters parameters;
    private boolean locked;

    private LiquibaseSession(Settings settings, Database database, StepRecorder recorder, StepTransactions tx) {
        this.settings = settings;
        this.database = database;
        this.recorder = recorder;
        this.tx = tx;
        this.undo = new UndoStore(database, settings.changelog().undoTable());
    }

    /**
     * Runs the work in a new session and closes it; every failure comes out as a {@link DbStepsException}.
     *
     * @param action what is being done, for messages, e.g. "update" or "rollback to tag 1.0"
     */
    static <T> T run(Settings settings, String action, Work<T> work) {
        try (ConnectionSource.Lease lease = settings.source().open()) {
            return run(settings, action, lease, work);
        }
    }

    /** As {@link #run(Settings, String, Work)}, on a connection the caller already holds and closes itself. */
    @SuppressWarnings("try") // foreignKeys is held for its close(), which restores enforcement
    static <T> T run(Settings settings, String action, ConnectionSource.Lease lease, Work<T> work) {
        SecretMask mask = settings.source().mask();
        StepRecorder recorder = new StepRecorder(settings.progress());
        synchronized (GATE) {
            try (AutoCloseable foreignKeys = suspendSqliteForeignKeys(lease.connection())) {
                return Scope.child(scopeValues(settings), () -> {
                    StepTransactions tx = new StepTransactions();
                    Database database = tx.databaseFor(new JdbcConnection(lease.connection()));
                    database.setDatabaseChangeLogTableName(settings.changelog().logTable());
                    database.setDatabaseChangeLogLockTableName(settings.changelog().lockTable());
                    try {
                        // Liquibase reads the database from its scope, e.g. to leave other databases' changes out of
                        // a checksum; our own calls into Liquibase run in that scope too.
                        return Scope.child(Map.<String, Object>of(Scope.Attr.database.name(), database),
                                () -> work.run(new LiquibaseSession(settings, database, recorder, tx)));
                    } finally {
                        // so that a pooled or borrowed connection never goes back holding it
                        DbStepsLockService.releaseHeld(database);
                    }
                });
            } catch (Exception e) {
                throw Failures.translate(e, settings.schema(), action, recorder.failed(), mask);
            } finally {
                LockServiceFactory.getInstance().resetAll();
                Scope.getCurrentScope().getSingleton(ChangeLogHistoryServiceFactory.class).resetAll();
            }
        }
    }

    /** On SQLite, foreign-key enforcement is off while dbsteps works: see {@link SqliteForeignKeys}. */
    private static AutoCloseable suspendSqliteForeignKeys(Connection connection) throws SQLException {
        if ("SQLite".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
            return SqliteForeignKeys.suspend(connection);
        }
        return () -> { };
    }

    /**
     * Checks, on SQLite, that a command left no row referencing a missing row. Enforcement was off while it ran,
     * so this is where a broken reference shows.
     */
    void verifyForeignKeys(String action) throws Exception {
        if (!(database instanceof SQLiteDatabase)) {
            return;
        }
        Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        List<String> broken = SqliteForeignKeys.violations(c);
        if (!broken.isEmpty()) {
            throw new DbStepsException(ErrorCode.CHANGESET_FAILED, "Schema " + schema() + ": " + action
                    + " completed, but left rows whose foreign keys point at missing rows: " + String.join("; ", broken)
                    + ". Roll back to the previous tag, or repair those rows, before the application uses them.");
        }
    }

    /**
     * The values of dbsteps' Liquibase scope. DbStepsLockService (registered in META-INF/services, because
     * Liquibase discards programmatic registrations whenever a command resets its lock services) serves only the
     * commands that run in this scope.
     */
    private static Map<String, Object> scopeValues(Settings settings) {
        Map<String, Object> values = new HashMap<>();
        values.put(DbStepsLockService.ACTIVE, Boolean.TRUE);
        values.put(DbStepsLockService.WAIT, settings.lockWait());
        values.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        values.put(GlobalConfiguration.DATABASECHANGELOG_TABLE_NAME.getKey(), settings.changelog().logTable());
        values.put(GlobalConfiguration.DATABASECHANGELOGLOCK_TABLE_NAME.getKey(), settings.changelog().lockTable());
        values.put(Scope.Attr.logService.name(), new Slf4jLogService(settings.source().mask()));
        values.put(Scope.Attr.ui.name(), new LoggerUIService());
        values.put(Scope.Attr.classLoader.name(), settings.classLoader());
        values.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(settings.classLoader()));
        return values;
    }

    Database database() {
        return database;
    }

    /**
     * Takes the schema's lock for the rest of this session, waiting as configured. A command that writes calls this
     * before it reads the history, so that what it plans from is what it changes; the Liquibase commands it runs
     * then find the lock held, and it is released when the session ends.
     */
    void lock() throws Exception {
        if (!locked) {
            DbStepsLockService.holdFor(database);
            locked = true;
        }
    }

    /**
     * Takes the lock, and forgets the history read before it: a command that checked the history without the lock (so
     * that a refusal creates nothing, not even the lock's table) reads it again under the lock.
     */
    void lockAndRereadHistory() throws Exception {
        lock();
        refreshHistory();
    }

    StepRecorder recorder() {
        return recorder;
    }

    StepTransactions transactions() {
        return tx;
    }

    UndoStore undo() {
        return undo;
    }

    Connection connection() {
        return ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    }

    /** Counts and archives data for this session's database. */
    Archiver archiver() {
        return new Archiver(connection(), !(database instanceof SQLiteDatabase));
    }

    /** The data archived by this session's rollbacks so far. */
    List<Archive> archives() {
        return hooks == null ? List.of() : hooks.archives();
    }

    String schema() {
        return settings.schema();
    }

    Settings settings() {
        return settings;
    }

    /** What a parsed changelog depends on: the same key gives the same changesets and checksums. */
    private record ParsedKey(ClassLoader loader, String path, String dbms, List<String> contexts,
                             Map<String, String> parameters) {
    }

    /** Parsed changelogs, at most once per JVM and configuration; the oldest is forgotten past a few. */
    private static final Map<ParsedKey, DatabaseChangeLog> PARSED = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ParsedKey, DatabaseChangeLog> eldest) {
            return size() > 16;
        }
    };

    /**
     * The changelog, parsed once per JVM and configuration (guarded, like every session, by {@link #GATE}). It is
     * parsed without the database in Liquibase's scope: with it there, parsing an include creates the tracking
     * table, and read-only commands must create nothing.
     */
    DatabaseChangeLog changeLog() throws Exception {
        if (changeLog == null) {
            ParsedKey key = new ParsedKey(settings.classLoader(), settings.changelog().path(), database.getShortName(),
                    settings.contexts(), settings.parameters());
            changeLog = PARSED.get(key);
            if (changeLog == null) {
                String path = settings.changelog().path();
                ResourceAccessor resources = Scope.getCurrentScope().getResourceAccessor();
                // A database without a connection in the scope: Liquibase then leaves the tracking table alone.
                Database unconnected = database instanceof SQLiteDatabase ? new SQLiteDatabase() : new PostgresDatabase();
                changeLog = Scope.child(Map.<String, Object>of(Scope.Attr.database.name(), unconnected), () ->
                        ChangeLogParserFactory.getInstance().getParser(path, resources)
                                .parse(path, parameters(), resources));
                PARSED.put(key, changeLog);
            } else {
                forgetLastRun(changeLog);
            }
        }
        return changeLog;
    }

    /**
     * Clears what Liquibase's changesets remember of the last command that ran them. A changeset keeps its outcome:
     * one once marked ran by a precondition would otherwise report, and record in the history, MARK_RAN on every
     * later run in this JVM; and it keeps the SQL it generated, which would grow with every run.
     */
    static void forgetLastRun(DatabaseChangeLog changeLog) {
        for (ChangeSet cs : changeLog.getChangeSets()) {
            cs.setExecType(null);
            cs.setRollbackExecType(null);
            cs.setErrorMsg(null);
            cs.setValidationFailed(false);
            cs.setGeneratedSql(new ArrayList<>());
            cs.setOperationStartTime(null);
            cs.setOperationStopTime(null);
        }
    }

    ChangeLogParameters parameters() {
        if (parameters == null) {
            parameters = new ChangeLogParameters(database);
            parameters.setContexts(new Contexts(settings.contexts().toArray(String[]::new)));
            parameters.setLabels(new LabelExpression());
            settings.parameters().forEach(parameters::set);
        }
        return parameters;
    }

    /** The changesets of the changelog that apply to this database and these contexts, in changelog order. */
    List<ChangeSet> applicableChangeSets() throws Exception {
        List<ChangeSetFilter> filters = List.of(
                new ContextChangeSetFilter(parameters().getContexts()),
                new LabelChangeSetFilter(parameters().getLabels()),
                new DbmsChangeSetFilter(database),
                new IgnoreChangeSetFilter());
        List<ChangeSet> out = new ArrayList<>();
        for (ChangeSet cs : changeLog().getChangeSets()) {
            if (filters.stream().allMatch(f -> f.accepts(cs).isAccepted())) {
                out.add(cs);
            }
        }
        return out;
    }

    /** The applied changesets, oldest first; empty if the tracking table does not exist yet. Creates nothing. */
    List<RanChangeSet> history() throws Exception {
        return Scope.getCurrentScope().getSingleton(ChangeLogHistoryServiceFactory.class)
                .getChangeLogService(database).getRanChangeSets();
    }

    /** Forgets the cached history, so that the next {@link #history()} reads the table again. */
    void refreshHistory() {
        Scope.getCurrentScope().getSingleton(ChangeLogHistoryServiceFactory.class).resetAll();
        LockServiceFactory.getInstance().resetAll();
    }

    /**
     * A Liquibase command that changes the database, set up for this session's database and changelog, with
     * dbsteps' hooks: each changeset one transaction, its rollback stored, and data a rollback drops archived
     * unless the policy discards it.
     */
    CommandScope command(String name, DataPolicy policy) throws Exception {
        return command(name, policy, 1);
    }

    /**
     * As {@link #command(String, DataPolicy)}, for a rollback of {@code steps} changesets that runs as one
     * transaction when {@code steps} is more than one.
     */
    CommandScope command(String name, DataPolicy policy, Rollbacks.Atomic atomic) throws Exception {
        return command(name, policy, atomic.holdAcross());
    }

    private CommandScope command(String name, DataPolicy policy, int steps) throws Exception {
        hooks = new ChangeSetHooks(tx, recorder, undo, policy == DataPolicy.ARCHIVE ? archiver() : null, database);
        hooks.holdAcross(steps);
        return scope(name, hooks);
    }

    /** A Liquibase command that only writes SQL: progress is recorded, nothing else is written. */
    CommandScope preview(String name) throws Exception {
        return scope(name, new ChangeSetHooks(tx, recorder, null, null, database));
    }

    private CommandScope scope(String name, ChangeSetHooks listener) throws Exception {
        CommandScope command = new CommandScope(name);
        command.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database);
        command.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, settings.changelog().path());
        command.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_ARG, changeLog());
        command.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, parameters());
        command.addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, listener);
        command.addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF);
        return command;
    }

    /** Runs a command that writes SQL instead of executing it, and returns that SQL. */
    String sqlOf(CommandScope command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.setOutput(out);
        command.execute();
        return settings.source().mask().apply(out.toString(StandardCharsets.UTF_8));
    }
}
