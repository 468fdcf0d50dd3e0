package io.dbsteps.internal.config;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.failure.SecretMask;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Connections whose schema lives in a PostgreSQL namespace (a PostgreSQL schema) of its own: the namespace is created
 * if it is missing, and each command's connection has its {@code search_path} set to it, so that the schema's tables and
 * its tracking tables are all inside it. The connection's own {@code search_path} is restored when it is given back.
 */
public final class NamespacedSource extends ConnectionSource {
    public static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    private final ConnectionSource inner;
    private final String namespace;

    public NamespacedSource(ConnectionSource inner, String namespace, String schema) {
        super(schema);
        this.inner = inner;
        this.namespace = namespace;
    }

    @Override
    public Lease open() {
        Lease lease = inner.open();
        Connection c = lease.connection();
        try {
            String product = c.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                lease.close();
                throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Schema " + schema() + ": namespace(\""
                        + namespace + "\") is for PostgreSQL, where a namespace is a PostgreSQL schema; this database is "
                        + product + ". Nothing was changed. On SQLite, give each schema a file of its own.");
            }
            String before;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path")) {
                rs.next();
                before = rs.getString(1);
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS \"" + namespace + "\"");
                st.execute("SET search_path TO \"" + namespace + "\"");
            }
            if (!c.getAutoCommit()) {
                c.commit(); // a SET in a transaction that is rolled back would be undone with it
            }
            return new Lease(c, lease.owned(), () -> restore(c, before));
        } catch (SQLException e) {
            lease.close();
            throw Failures.translate(e, schema(), "opening namespace " + namespace, null, mask());
        }
    }

    private static void restore(Connection c, String searchPath) {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT set_config('search_path', '" + searchPath.replace("'", "''") + "', false)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException ignored) {
            // a broken connection keeps nothing; a pooled one is closed by its pool when it fails its check
        }
    }

    @Override
    public String describe() {
        return inner.describe() + ", namespace " + namespace;
    }

    @Override
    public SecretMask mask() {
        return inner.mask();
    }
}
