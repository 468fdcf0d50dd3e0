package io.dbsteps.ext;

import liquibase.database.Database;
import liquibase.exception.CustomChangeException;

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
public class StopIfRows extends CountTask {

    @Override
    public void execute(Database database) throws CustomChangeException {
        if (Preview.active(database)) {
            Preview.describe(database, "StopIfRows: stops here unless this counts 0: " + getSql().replaceAll("\\s+", " "));
            return;
        }
        long count = count(database);
        if (count != 0) {
            throw new CustomChangeException(message(count));
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "";
    }
}
