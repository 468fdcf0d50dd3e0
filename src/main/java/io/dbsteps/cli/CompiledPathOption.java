package io.dbsteps.cli;

import io.dbsteps.DbStepsBuilder;
import picocli.CommandLine.Option;

/** {@code --no-compiled-path}, for the commands that take the compiled path: update, rollback and release. */
final class CompiledPathOption {
    @Option(names = "--no-compiled-path",
            description = "Run every changeset through Liquibase, also those the jar ships compiled (by default plain "
                    + "changesets of a compiled changelog are applied and undone with JDBC alone, writing the same "
                    + "history).")
    boolean off;

    void apply(DbStepsBuilder b) {
        b.compiledPath(!off);
    }
}
