package io.dbsteps.cli;

import io.dbsteps.DbStepsBuilder;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of commands that change the schema: how long DDL waits for other sessions' table locks. */
final class TableLockOptions {
    @Option(names = "--table-lock-timeout", paramLabel = "TIME", converter = DurationOption.class,
            description = "PostgreSQL: how long one attempt of a changeset waits for a table lock another session "
                    + "holds, e.g. 2s or 500ms (default 2s). Application queries queue behind a waiting DDL statement, "
                    + "so keep it short.")
    Duration timeout;

    @Option(names = "--table-lock-retries", paramLabel = "N",
            description = "PostgreSQL: how many more attempts after a table-lock timeout, with pauses that double "
                    + "(default 5). Then the command fails, naming the session that holds the lock.")
    Integer retries;

    void apply(DbStepsBuilder b) {
        if (timeout != null) {
            b.tableLockTimeout(timeout);
        }
        if (retries != null) {
            b.tableLockRetries(retries);
        }
    }
}
