package io.dbsteps.bench;

import io.dbsteps.testing.TestDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongSupplier;

/**
 * A DataSource for the phase timing: connections from the target's URL, and every call into the JDBC driver
 * (connecting, statements, result sets, metadata) timed, outermost calls only, with the class loading that happens
 * inside them counted apart so that it is not counted twice.
 */
final class TimingDataSource extends TestDataSource {
    private final Target target;
    private final LongSupplier classLoadNanos;
    private int depth;
    private long connectNanos;
    private long callNanos;
    private long classLoadInside;
    private int calls;

    TimingDataSource(Target target, LongSupplier classLoadNanos) {
        this.target = target;
        this.classLoadNanos = classLoadNanos;
    }

    /** Time connecting, class loading excluded. */
    long connectNanos() {
        return connectNanos;
    }

    /** Time in the driver, connecting included, class loading excluded. */
    long jdbcNanos() {
        return connectNanos + callNanos - classLoadInside;
    }

    int calls() {
        return calls;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long cl0 = classLoadNanos.getAsLong();
        long t0 = System.nanoTime();
        Connection c = target.connect();
        long loading = classLoadNanos.getAsLong() - cl0;
        connectNanos += System.nanoTime() - t0 - loading;
        return (Connection) wrap(c, Connection.class);
    }

    private Object wrap(Object target, Class<?> type) {
        InvocationHandler h = (proxy, method, args) -> invoke(target, method, args);
        return Proxy.newProxyInstance(TimingDataSource.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private Object invoke(Object target, Method method, Object[] args) throws Throwable {
        boolean outer = depth == 0;
        long cl0 = outer ? classLoadNanos.getAsLong() : 0;
        long t0 = outer ? System.nanoTime() : 0;
        depth++;
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            depth--;
            if (outer) {
                callNanos += System.nanoTime() - t0;
                classLoadInside += classLoadNanos.getAsLong() - cl0;
                calls++;
            }
        }
        Class<?> rt = method.getReturnType();
        if (result != null && rt.isInterface() && rt.getName().startsWith("java.sql.") && !method.getName().equals("unwrap")) {
            return wrap(result, rt);
        }
        return result;
    }
}
