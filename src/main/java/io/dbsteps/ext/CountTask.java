package io.dbsteps.ext;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;

/**
 * A change that runs a query returning one number and says something about it ({@link ReportCount},
 * {@link StopIfRows}). It changes nothing, so its own rollback does nothing. Liquibase maps the YAML keys
 * {@code sql} and {@code message} onto these properties, which need both a getter and a setter.
 */
abstract class CountTask extends TaskChange implements CustomTaskRollback {
    private String sql;
    private String message;

    /** @return the query that returns one number */
    public String getSql() {
        return sql;
    }

    /** @param sql a query that returns one number */
    public void setSql(String sql) {
        this.sql = sql;
    }

    /** @return the message, with {@code {count}} where the number goes */
    public String getMessage() {
        return message;
    }

    /** @param message the message, with {@code {count}} where the number goes */
    public void setMessage(String message) {
        this.message = message;
    }

    /** The message with the count in it. */
    String message(long count) {
        return message.replace("{count}", Long.toString(count));
    }

    /** Runs the query; a failure names the change and the query. */
    long count(Database database) throws CustomChangeException {
        try (PreparedStatement ps = connection(database).prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new CustomChangeException(getClass().getSimpleName() + " query failed: " + e.getMessage() + " ["
                    + sql + "]", e);
        }
    }

    @Override
    public void rollback(Database database) {
        // it changes nothing, so there is nothing to undo
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        errors.checkRequiredField("sql", sql);
        errors.checkRequiredField("message", message);
        return errors;
    }
}
