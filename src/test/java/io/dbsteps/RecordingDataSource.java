package io.dbsteps;

import io.dbsteps.testing.TestDataSource;
import io.dbsteps.testing.TestDb;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Hands out connections whose plain statements ({@code Statement.execute} and friends, how Liquibase's executor
 * runs a change's SQL) are recorded in order.
 */
final class RecordingDataSource extends TestDataSource {
    private final TestDb db;
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    RecordingDataSource(TestDb db) {
        this.db = db;
    }

    /** Every plain statement recorded so far, in order. */
    List<String> statements() {
        return List.copyOf(statements);
    }

    /**
     * The statements run for each changeset, in order: those between one history row's insert and the next, left
     * out what dbsteps and Liquibase run around the changes (session settings, queries, the tracking tables).
     */
    List<List<String>> byChangeset(String logTable) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String sql : List.copyOf(statements)) {
            String upper = sql.trim().toUpperCase(java.util.Locale.ROOT);
            if (upper.startsWith("INSERT INTO") && upper.contains(logTable.toUpperCase(java.util.Locale.ROOT))) {
                out.add(current);
                current = new ArrayList<>();
            } else if (!upper.startsWith("SET ") && !upper.startsWith("SHOW ") && !upper.startsWith("SELECT") && !upper.startsWith("PRAGMA")
                    && !upper.startsWith("SAVEPOINT") && !upper.startsWith("RELEASE")
                    && !mentionsTrackingTable(upper, logTable)) {
                current.add(sql);
            }
        }
        return out;
    }

    private static boolean mentionsTrackingTable(String upper, String logTable) {
        String prefix = logTable.substring(0, logTable.length() - "_log".length()).toUpperCase(java.util.Locale.ROOT);
        return upper.contains(prefix + "_") || upper.contains("DBSTEPS_");
    }

    @Override
    public Connection getConnection() {
        Connection real = db.connect();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return result instanceof Statement st && method.getName().equals("createStatement")
                            ? recording(st) : result;
                });
    }

    private Statement recording(Statement real) {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && args != null && args.length > 0
                            && args[0] instanceof String sql) {
                        statements.add(sql);
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw Objects.requireNonNullElse(e.getCause(), e);
        }
    }
}
