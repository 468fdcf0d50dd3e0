package io.dbsteps.testing;

import io.dbsteps.FleetBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Fleet targets for one test: PostgreSQL namespaces ({@code t01}, {@code t02}, ...) of one fresh database, reached
 * with {@code currentSchema} in the URL, and fresh SQLite files ({@code s01}, ...). Closing it drops them all.
 */
public final class TenantTargets implements AutoCloseable {
    private final List<TestDb> databases = new ArrayList<>();
    private final List<Tenant> tenants = new ArrayList<>();

    /** One target: its name and how to reach it. */
    public record Tenant(String name, TestDb.Kind kind, String url, String user, String password) {
        /** A new connection to the target, owned by the caller. */
        public Connection connect() {
            Properties props = new Properties();
            if (user != null) {
                props.setProperty("user", user);
            }
            if (password != null) {
                props.setProperty("password", password);
            }
            try {
                return DriverManager.getConnection(url, props);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to fleet target " + name + ": " + e.getMessage(), e);
            }
        }

        /** Runs statements on the target. */
        public void execute(String... sql) {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.execute(s);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("statement on fleet target " + name + " failed: " + e.getMessage(), e);
            }
        }
    }

    private TenantTargets() {
    }

    /** {@code namespaces} PostgreSQL namespaces of one new database, then {@code files} SQLite files. */
    public static TenantTargets create(int namespaces, int files) {
        TenantTargets t = new TenantTargets();
        try {
            if (namespaces > 0) {
                TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL);
                t.databases.add(pg);
                try (Connection c = pg.connect(); Statement st = c.createStatement()) {
                    for (int i = 1; i <= namespaces; i++) {
                        String ns = String.format("t%02d", i);
                        st.execute("CREATE SCHEMA " + ns);
                        String url = pg.url() + (pg.url().contains("?") ? "&" : "?") + "currentSchema=" + ns;
                        t.tenants.add(new Tenant(ns, TestDb.Kind.POSTGRESQL, url, pg.user(), pg.password()));
                    }
                }
            }
            for (int i = 1; i <= files; i++) {
                TestDb file = TestDb.create(TestDb.Kind.SQLITE);
                t.databases.add(file);
                t.tenants.add(new Tenant(String.format("s%02d", i), TestDb.Kind.SQLITE, file.url(), null, null));
            }
            return t;
        } catch (SQLException | RuntimeException e) {
            t.close();
            throw new IllegalStateException("fleet targets could not be created: " + e.getMessage(), e);
        }
    }

    public List<Tenant> all() {
        return List.copyOf(tenants);
    }

    public Tenant get(String name) {
        return tenants.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Adds these targets to a fleet builder. */
    public FleetBuilder addTo(FleetBuilder builder) {
        return addTo(builder, tenants);
    }

    /** Adds some of the targets to a fleet builder. */
    public static FleetBuilder addTo(FleetBuilder builder, List<Tenant> some) {
        for (Tenant t : some) {
            builder.target(t.name(), t.url(), t.user(), t.password());
        }
        return builder;
    }

    @Override
    public void close() {
        for (TestDb db : databases) {
            db.close();
        }
    }
}
