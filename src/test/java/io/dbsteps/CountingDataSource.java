package io.dbsteps;

import io.dbsteps.testing.TestDataSource;
import io.dbsteps.testing.TestDb;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/** A DataSource that counts the connections it hands out and those given back. */
final class CountingDataSource extends TestDataSource {
    private final TestDb db;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    CountingDataSource(TestDb db) {
        this.db = db;
    }

    int opened() {
        return opened.get();
    }

    int open() {
        return open.get();
    }

    @Override
    public Connection getConnection() {
        Connection real = db.connect();
        opened.incrementAndGet();
        open.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && !real.isClosed()) {
                        open.decrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
