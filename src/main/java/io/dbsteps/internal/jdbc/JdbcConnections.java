package io.dbsteps.internal.jdbc;

import java.sql.Connection;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;

/** The JDBC connection under a Liquibase {@link Database}: the one place that unwraps it. */
public final class JdbcConnections {
    private JdbcConnections() {
    }

    /**
     * @param database a Liquibase database on a JDBC connection
     * @return its JDBC connection
     */
    public static Connection of(Database database) {
        return ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    }
}
