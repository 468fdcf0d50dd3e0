package io.dbsteps.ext;

import liquibase.database.Database;
import liquibase.exception.CustomChangeException;

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
public class ReportCount extends CountTask {
    private long count;

    @Override
    public void execute(Database database) throws CustomChangeException {
        // an SQL preview runs nothing, so there is nothing to count yet
        count = Preview.active(database) ? 0 : count(database);
    }

    @Override
    public String getConfirmationMessage() {
        return count == 0 ? "" : message(count);
    }
}
