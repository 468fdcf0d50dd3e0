package io.dbsteps.ext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import liquibase.change.custom.CustomTaskChange;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.SetupException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * Stops a change, or a rollback, before it does anything while a query counts rows: the failure message gives the
 * count. It is meant for rollback blocks, where Liquibase allows no preconditions: list it first, and the statements
 * after it do not run. (Liquibase runs a custom change of a rollback block while it prepares the block, before it
 * executes any SQL of that block.)
 *
 * <pre>
 * rollback:
 *   - customChange:
 *       class: io.dbsteps.ext.StopIfRows
 *       sql: SELECT COUNT(*) FROM jobs WHERE CAST(status AS VARCHAR(20)) = 'ARCHIVED'
 *       message: "{count} job(s) still have status ARCHIVED; give them another status, then roll back again"
 *   - sql: ...
 * </pre>
 * Its own rollback does nothing: it changes nothing.
 */
public class StopIfRows implements CustomTaskChange, CustomTaskRollback {
    private String sql;
    private String message;

    /** @return the query that returns one number */
    public String getSql() {
        return sql;
    }

    /** @param sql a query that returns one number; the change stops when it is not zero */
    public void setSql(String sql) {
        this.sql = sql;
    }

    /** @return the failure message, with {@code {count}} where the number goes */
    public String getMessage() {
        return message;
    }

    /** @param message the failure message, with {@code {count}} where the number goes */
    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        if (Preview.active(database)) {
            Preview.describe(database, "StopIfRows: stops here unless this counts 0: " + sql.replaceAll("\\s+", " "));
            return;
        }
        Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        long count;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            count = rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new CustomChangeException("StopIfRows query failed: " + e.getMessage() + " [" + sql + "]", e);
        }
        if (count != 0) {
            throw new CustomChangeException(message.replace("{count}", Long.toString(count)));
        }
    }

    @Override
    public void rollback(Database database) {
        // checking changes nothing, so there is nothing to undo
    }

    @Override
    public String getConfirmationMessage() {
        return "";
    }

    @Override
    public void setUp() throws SetupException {
        // nothing to prepare
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
        // reads no files
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        errors.checkRequiredField("sql", sql);
        errors.checkRequiredField("message", message);
        return errors;
    }
}
