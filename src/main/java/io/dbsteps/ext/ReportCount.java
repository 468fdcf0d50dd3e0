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
 * A change that counts rows and reports the count, so that a data move can say what it could not move instead of
 * dropping it silently. dbsteps puts the message in the notes of the changeset's {@code Step}; other clients log it.
 *
 * <pre>
 * - customChange:
 *     class: io.dbsteps.ext.ReportCount
 *     sql: SELECT COUNT(*) FROM analysis_requests WHERE review_request_id IS NULL
 *     message: "{count} analysis request(s) matched no review request and were not moved"
 * </pre>
 * Nothing is reported when the count is zero. Its rollback does nothing: it changes nothing. (Liquibase maps the
 * YAML keys onto properties that have both a getter and a setter.)
 */
public class ReportCount implements CustomTaskChange, CustomTaskRollback {
    private String sql;
    private String message;
    private long count;

    /** @return the query that returns one number */
    public String getSql() {
        return sql;
    }

    /** @param sql a query that returns one number */
    public void setSql(String sql) {
        this.sql = sql;
    }

    /** @return the report, with {@code {count}} where the number goes */
    public String getMessage() {
        return message;
    }

    /** @param message the report, with {@code {count}} where the number goes */
    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        if (Preview.active(database)) {
            count = 0; // an SQL preview runs nothing, so there is nothing to count yet
            return;
        }
        Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            count = rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new CustomChangeException("ReportCount query failed: " + e.getMessage() + " [" + sql + "]", e);
        }
    }

    @Override
    public void rollback(Database database) {
        // counting changes nothing, so there is nothing to undo
    }

    @Override
    public String getConfirmationMessage() {
        return count == 0 ? "" : message.replace("{count}", Long.toString(count));
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
