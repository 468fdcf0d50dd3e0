package io.dbsteps.reliability;

import io.dbsteps.testing.TestDb;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource whose connections break in the middle of work: the first time a statement whose SQL contains the
 * marker is about to run, the real connection is closed under it, as a dropped network connection or a restarted
 * server would. Everything after that fails the way the driver fails on a closed connection.
 */
public final class ClosingDataSource implements DataSource {
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

    @Override
    public Connection getConnection(String user, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
