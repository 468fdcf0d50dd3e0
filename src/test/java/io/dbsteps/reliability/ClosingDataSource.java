package io.dbsteps.reliability;

import io.dbsteps.testing.TestDataSource;
import io.dbsteps.testing.TestDb;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A DataSource whose connections break in the middle of work: the first time a statement whose SQL contains the
 * marker is about to run, the real connection is closed under it, as a dropped network connection or a restarted
 * server would. Everything after that fails the way the driver fails on a closed connection.
 */
public final class ClosingDataSource extends TestDataSource {
    private final TestDb db;
    private final String marker;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ClosingDataSource(TestDb db, String marker) {
        this.db = db;
        this.marker = marker;
    }

    /** @return whether the marker was reached and a connection closed */
    public boolean fired() {
        return closed.get();
    }

    @Override
    public Connection getConnection() {
        Connection real = db.connect();
        return proxy(Connection.class, real, real);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target, Connection real) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
            if (sql != null && sql.contains(marker) && closed.compareAndSet(false, true)) {
                real.close();
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof java.sql.PreparedStatement ps && method.getName().equals("prepareStatement")) {
                return proxy(java.sql.PreparedStatement.class, ps, real);
            }
            if (result instanceof Statement st && method.getName().equals("createStatement")) {
                return proxy(Statement.class, st, real);
            }
            return result;
        });
    }
}
