package io.dbsteps.internal.liquibase;

import io.dbsteps.internal.lock.TableLockWaits;


import io.dbsteps.internal.jdbc.SqliteForeignKeyCheck;

import io.dbsteps.Archive;
import io.dbsteps.DataPolicy;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.Action;
import io.dbsteps.internal.jdbc.Tables;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.failure.SecretMask;
import io.dbsteps.internal.jdbc.JdbcConnections;
import io.dbsteps.internal.jdbc.SqliteForeignKeys;
import io.dbsteps.internal.lock.SchemaLock;
import io.dbsteps.internal.undo.ArchiveRegistry;
import io.dbsteps.internal.undo.Archiver;
import io.dbsteps.internal.undo.Drop;
import io.dbsteps.internal.undo.UndoStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
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
import liquibase.resource.ResourceAccessor;

/**
 * One command's use of Liquibase: a connection, a Liquibase {@link Database} that keeps its history in the
 * schema's own tracking tables, the parsed changelog, and a Liquibase scope with analytics off, logging sent to
 * SLF4J and nothing printed to the console.
 *
 * <p>Commands on other databases, namespaces or schemas run at the same time, each in a scope of its own (see
 * {@link LiquibaseScope}); commands that change one schema wait for its lock, in this process and in others.
 */
public final class LiquibaseSession {
    /** The work a command does inside a session. */
    public interface Work<T> {
        T run(LiquibaseSession session) throws Exception;
    }

    private final Settings settings;
    private final Database database;
    private final StepRecorder recorder;
    private final StepTransactions tx;
    private final UndoStore undo;
    private ChangeSetHooks hooks;
    private DatabaseChangeLog changeLog;
    private ParsedChangelogs.Key changeLogKey;
    private ChangeLogParameters parameters;
    private final SchemaLock lock;
    private SqliteForeignKeyCheck foreignKeys;

    private LiquibaseSession(Settings settings, Database database, StepRecorder recorder, StepTransactions tx,
            SchemaLock lock) {
        this.settings = settings;
        this.lock = lock;
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
    public static <T> T run(Settings settings, String action, Work<T> work) {
        return run(settings, Action.change(action), work);
    }

    /** As {@link #run(Settings, String, Work)}, for an action that may be an SQL preview. */
    public static <T> T run(Settings settings, Action action, Work<T> work) {
        try (ConnectionSource.Lease lease = settings.source().open()) {
            return run(settings, action, lease, work);
        }
    }

    /** As {@link #run(Settings, String, Work)}, on a connection the caller already holds and closes itself. */
    @SuppressWarnings("try") // foreignKeys and lockTimeout are held for their close(), which restores the setting
    public static <T> T run(Settings settings, String action, ConnectionSource.Lease lease, Work<T> work) {
        return run(settings, Action.change(action), lease, work);
    }

    private static <T> T run(Settings settings, Action action, ConnectionSource.Lease lease, Work<T> work) {
        SecretMask mask = settings.source().mask();
        StepRecorder recorder = new StepRecorder(settings.progress());
        SchemaLock shared = settings.source().sharedLock();
        SchemaLock lock = shared != null ? shared : new SchemaLock(settings.lockWait());
        try (AutoCloseable foreignKeys = suspendSqliteForeignKeys(lease.connection());
             AutoCloseable lockTimeout = TableLockWaits.boundSession(lease.connection(), settings.lockWait())) {
            return LiquibaseScope.run(settings, lock, () -> {
                StepTransactions tx = new StepTransactions(settings.tableLocks(), settings.lockWait());
                Database database = tx.databaseFor(new JdbcConnection(lease.connection()));
                // as the database stores them: plain Liquibase creates DATABASECHANGELOG in upper case on SQLite,
                // and Liquibase looks its tracking tables up by exact name
                database.setDatabaseChangeLogTableName(Tables.find(lease.connection(), settings.changelog().logTable())
                        .orElse(settings.changelog().logTable()));
                database.setDatabaseChangeLogLockTableName(Tables.find(lease.connection(),
                        settings.changelog().lockTable()).orElse(settings.changelog().lockTable()));
                LiquibaseSession session = new LiquibaseSession(settings, database, recorder, tx, lock);
                try {
                    // Liquibase reads the database from its scope, e.g. to leave other databases' changes out of
                    // a checksum; our own calls into Liquibase run in that scope too.
                    return Scope.child(Map.<String, Object>of(Scope.Attr.database.name(), database),
                            () -> work.run(session));
                } finally {
                    // so that a pooled or borrowed connection never goes back holding it; a release's own
                    // connection keeps it until the release ends (ReleaseConnection)
                    if (!settings.source().holdsLockAcrossSessions()) {
                        lock.release(database);
                    }
                    session.giveBackChangeLog();
                }
            });
        } catch (Exception e) {
            throw Failures.translate(e, settings.schema(), action, recorder.failed(), mask);
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
     * Checks, on SQLite, that a command left no row referencing a missing row that was not already broken when it
     * took the lock. Each step was checked before its commit (see {@link SqliteForeignKeyCheck}); this last check
     * catches what ran outside a transaction.
     */
    public void verifyForeignKeys(String action) throws Exception {
        if (!(database instanceof SQLiteDatabase)) {
            return;
        }
        Connection c = JdbcConnections.of(database);
        List<String> broken = foreignKeys != null ? foreignKeys.introduced(c) : SqliteForeignKeys.violations(c);
        if (!broken.isEmpty()) {
            throw new DbStepsException(ErrorCode.CHANGESET_FAILED, "Schema " + schema() + ": " + action
                    + " completed, but left rows whose foreign keys point at missing rows: " + String.join("; ", broken)
                    + ". Roll back to the previous tag, or repair those rows, before the application uses them.");
        }
    }

    public Database database() {
        return database;
    }

    /**
     * Takes the schema's lock for the rest of this session, waiting as configured. A command that writes calls this
     * before it reads the history, so that what it plans from is what it changes; the Liquibase commands it runs
     * then find the lock held, and it is released when the session ends.
     */
    public void lock() throws Exception {
        if (!lock.isHeld()) {
            LockServiceFactory.getInstance().getLockService(database).waitForLock(); // dbsteps' service, in this scope
            if (database instanceof SQLiteDatabase) {
                foreignKeys = SqliteForeignKeyCheck.before(connection());
                if (hooks != null) {
                    hooks.foreignKeyBaseline(foreignKeys); // a command prepared before the lock was taken
                }
            }
        }
        lock.holdToEnd();
    }

    /**
     * On SQLite, once the lock is held: the rows whose foreign keys were already broken when it was taken, to tell
     * the ones a step breaks from those; otherwise {@code null}.
     */
    public SqliteForeignKeyCheck foreignKeyCheck() {
        return foreignKeys;
    }

    /**
     * Takes the lock, and forgets the history read before it: a command that checked the history without the lock (so
     * that a refusal creates nothing, not even the lock's table) reads it again under the lock.
     */
    public void lockAndRereadHistory() throws Exception {
        lock();
        refreshHistory();
    }

    public StepRecorder recorder() {
        return recorder;
    }

    public StepTransactions transactions() {
        return tx;
    }

    public UndoStore undo() {
        return undo;
    }

    public Connection connection() {
        return JdbcConnections.of(database);
    }

    /** Counts and archives data for this session's database. */
    public Archiver archiver() {
        return new Archiver(connection(), !(database instanceof SQLiteDatabase),
                ArchiveRegistry.of(settings.changelog()));
    }

    /** Runs a command made by {@link #command} and returns the data its rollback archived (none for an update). */
    public static List<Archive> execute(CommandScope command) throws Exception {
        command.execute();
        return command.getArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG)
                instanceof ChangeSetHooks h ? h.archives() : List.of();
    }

    public String schema() {
        return settings.schema();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The changelog, parsed once per JVM and configuration when commands take turns, and once per command running at
     * the same time (see {@link ParsedChangelogs}). It is parsed without the database in Liquibase's scope: with it
     * there, parsing an include creates the tracking table, and read-only commands must create nothing.
     */
    public DatabaseChangeLog changeLog() throws Exception {
        if (changeLog == null) {
            changeLogKey = new ParsedChangelogs.Key(settings.classLoader(), settings.changelog().path(),
                    database.getShortName(), settings.contexts(), settings.parameters());
            changeLog = ParsedChangelogs.borrow(changeLogKey);
            if (changeLog == null) {
                String path = settings.changelog().path();
                ResourceAccessor resources = Scope.getCurrentScope().getResourceAccessor();
                // A database without a connection in the scope: Liquibase then leaves the tracking table alone.
                Database unconnected = database instanceof SQLiteDatabase ? new SQLiteDatabase() : new PostgresDatabase();
                changeLog = Scope.child(Map.<String, Object>of(Scope.Attr.database.name(), unconnected), () ->
                        ChangeLogParserFactory.getInstance().getParser(path, resources)
                                .parse(path, parameters(), resources));
                ParameterNames.refuseUnused(settings.parameters(), changeLog, resources, schema());
            }
        }
        return changeLog;
    }

    private void giveBackChangeLog() {
        if (changeLog != null) {
            ParsedChangelogs.giveBack(changeLogKey, changeLog);
        }
    }

    public ChangeLogParameters parameters() {
        if (parameters == null) {
            parameters = new ChangeLogParameters(database);
            parameters.setContexts(new Contexts(settings.contexts().toArray(String[]::new)));
            parameters.setLabels(new LabelExpression());
            settings.parameters().forEach(parameters::set);
        }
        return parameters;
    }

    /** The changesets of the changelog that apply to this database and these contexts, in changelog order. */
    public List<ChangeSet> applicableChangeSets() throws Exception {
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
    public List<RanChangeSet> history() throws Exception {
        return Scope.getCurrentScope().getSingleton(ChangeLogHistoryServiceFactory.class)
                .getChangeLogService(database).getRanChangeSets();
    }

    /** Forgets the cached history, so that the next {@link #history()} reads the table again. */
    public void refreshHistory() {
        LiquibaseScope.forgetHistory();
    }

    /**
     * A Liquibase command that changes the database, set up for this session's database and changelog, with
     * dbsteps' hooks: each changeset one transaction, its rollback stored, and data a rollback drops archived
     * unless the policy discards it.
     */
    public CommandScope command(String name, DataPolicy policy) throws Exception {
        return command(name, policy, 1, true, java.util.Set.of());
    }

    /**
     * As {@link #command(String, DataPolicy)}, for a rollback whose next {@code steps} changesets run as one
     * transaction (1: each changeset is its own); {@code checkEachCommit} checks SQLite's foreign keys before each
     * changeset's commit rather than once before the rollback's; {@code archivedBefore} are the drops the rollback
     * archived before it began, which its steps do not archive again.
     */
    public CommandScope command(String name, DataPolicy policy, int steps, boolean checkEachCommit,
            java.util.Set<Drop> archivedBefore) throws Exception {
        hooks = new ChangeSetHooks(tx, recorder, undo, policy == DataPolicy.ARCHIVE ? archiver() : null, database);
        hooks.holdAcross(steps);
        hooks.checkForeignKeys(foreignKeys, schema(), checkEachCommit);
        hooks.archivedBefore(archivedBefore);
        return scope(name, hooks);
    }

    /** A Liquibase command that only writes SQL: progress is recorded, nothing else is written. */
    public CommandScope preview(String name) throws Exception {
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
    public String sqlOf(CommandScope command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.setOutput(out);
        command.execute();
        return settings.source().mask().apply(out.toString(StandardCharsets.UTF_8));
    }
}
