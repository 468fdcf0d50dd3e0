package io.dbsteps.ext;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.sql.Connection;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.exception.SetupException;
import liquibase.resource.ResourceAccessor;

/** What every dbsteps custom change shares: nothing to set up, no files to read, and the JDBC connection. */
abstract class TaskChange implements CustomTaskChange {

    @Override
    public void setUp() throws SetupException {
        // nothing to prepare
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
        // reads no files
    }

    static Connection connection(Database database) {
        return JdbcConnections.of(database);
    }
}
