package io.dbsteps.ext;

import liquibase.Scope;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.executor.Executor;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;

/**
 * Whether Liquibase is only writing SQL (updateSql, rollbackSql) instead of running it. Liquibase 4.33 still calls a
 * custom task change's {@code execute} then, so the changes here must check: in a preview they write a comment
 * saying what they would do, and touch nothing.
 */
final class Preview {
    private Preview() {
    }

    /** True if the database's executor only writes SQL. */
    static boolean active(Database database) {
        return executor(database) instanceof LoggingExecutor;
    }

    /** Writes {@code -- <what>} into the previewed SQL. */
    static void describe(Database database, String what) {
        try {
            executor(database).comment(what);
        } catch (DatabaseException e) {
            // a comment is only for the reader of the preview
        }
    }

    private static Executor executor(Database database) {
        return Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database);
    }
}
