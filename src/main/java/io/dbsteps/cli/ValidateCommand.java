package io.dbsteps.cli;

import io.dbsteps.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Validates the changelog against the database. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks that the changelog is valid for this database and that no applied changeset was edited.",
        footer = {"", "Example:", "  dbsteps validate --schema codorch"})
final class ValidateCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        ValidationResult r = db.load(null).validate();
        spec.commandLine().getOut().printf("%s: valid; %s, %d applied%n", r.schema(),
                Output.plural(r.changeSets(), "changeset"), r.applied());
    }
}
