package io.dbsteps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the SQL of an update or a rollback without running it. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Prints the SQL an update would run, or with --rollback-to the SQL a rollback would run. "
                + "Changes nothing.",
        footer = {"", "Examples:", "  dbsteps sql --schema codorch", "  dbsteps sql --schema codorch --rollback-to 1.0"})
final class SqlCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--rollback-to", paramLabel = "TAG", description = "Print the SQL of a rollback to this tag.")
    String rollbackTo;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        var steps = db.load(null);
        spec.commandLine().getOut().print(rollbackTo == null ? steps.updateSql() : steps.rollbackSql(rollbackTo));
        spec.commandLine().getOut().flush();
    }
}
