package io.dbsteps.internal.liquibase;

import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.lock.SchemaLock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.SingletonScopeManager;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * The Liquibase scope a dbsteps command runs in: analytics off, logging sent to SLF4J, nothing printed to the
 * console, the schema's tracking-table names, and the command's {@link SchemaLock}.
 *
 * <p>Commands in one JVM run at the same time on other databases, namespaces and schemas. Liquibase keeps its current
 * scope in a scope manager that new threads inherit from the thread that made them, so each thread that runs a
 * dbsteps command gets a manager of its own, and with it its own root scope and history services.
 */
final class LiquibaseScope {
    private static final ThreadLocal<Boolean> OWN_MANAGER = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private LiquibaseScope() {
    }

    /** The work done inside the scope. */
    public interface Body<T> {
        T run() throws Exception;
    }

    /** Runs the body in the command's scope, and forgets Liquibase's cached services of it afterwards. */
    public static <T> T run(Settings settings, SchemaLock lock, Body<T> body) throws Exception {
        if (!OWN_MANAGER.get()) {
            Scope.setScopeManager(new SingletonScopeManager());
            OWN_MANAGER.set(Boolean.TRUE);
        }
        RUNNING.incrementAndGet();
        try {
            return Scope.child(values(settings, lock), body::run);
        } finally {
            Scope.getCurrentScope().getSingleton(ChangeLogHistoryServiceFactory.class).resetAll(); // this thread's
            if (RUNNING.decrementAndGet() == 0) {
                // The lock-service cache is process-wide; dbsteps' lock services keep no state (the lock is the
                // command's), so clearing it once no command runs loses nothing and keeps it from growing.
                LockServiceFactory.getInstance().resetAll();
            }
        }
    }

    /** Forgets the history read so far in this thread's scope, so that the next read queries the table again. */
    public static void forgetHistory() {
        Scope.getCurrentScope().getSingleton(ChangeLogHistoryServiceFactory.class).resetAll();
    }

    private static Map<String, Object> values(Settings settings, SchemaLock lock) {
        Map<String, Object> values = new HashMap<>();
        values.put(SchemaLock.SCOPE_KEY, lock);
        values.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        values.put(GlobalConfiguration.DATABASECHANGELOG_TABLE_NAME.getKey(), settings.changelog().logTable());
        values.put(GlobalConfiguration.DATABASECHANGELOGLOCK_TABLE_NAME.getKey(), settings.changelog().lockTable());
        values.put(Scope.Attr.logService.name(), new Slf4jLogService(settings.source().mask()));
        values.put(Scope.Attr.ui.name(), new LoggerUIService());
        values.put(Scope.Attr.classLoader.name(), settings.classLoader());
        values.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(settings.classLoader()));
        values.put(Scope.Attr.deploymentId.name(), io.dbsteps.internal.jdbc.DeploymentIds.next());
        return values;
    }
}
