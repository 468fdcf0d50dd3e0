package io.dbsteps.cli;

import io.dbsteps.AdoptResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Takes over a database brought to a release without dbsteps. */
@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = "Takes over a database that was brought to a release without dbsteps: checks that its schema is "
                + "exactly the release's, then records the changesets up to the tag as applied. Refuses, showing the "
                + "differences, if the schema is not the release's.",
        footer = {"", "Example:", "  dbsteps adopt --schema trajectory --tag 1.0"})
final class AdoptCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--tag", paramLabel = "TAG", required = true, description = "The release the database is at.")
    String tag;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        AdoptResult r = db.load(null).adopt(tag);
        spec.commandLine().getOut().printf("%s: adopted at tag %s; %s recorded as applied.%n", r.schema(), r.tag(),
                Output.plural(r.changeSets(), "changeset"));
    }
}
