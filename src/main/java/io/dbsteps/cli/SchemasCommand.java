package io.dbsteps.cli;

import io.dbsteps.DbSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** Lists the shipped schemas. */
@Command(name = "schemas", mixinStandardHelpOptions = true, description = "Lists the schemas shipped in this jar.",
        footer = {"", "Example:", "  dbsteps schemas"})
final class SchemasCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        DbSteps.shippedSchemas().forEach(spec.commandLine().getOut()::println);
    }
}
