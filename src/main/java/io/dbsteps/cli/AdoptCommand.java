package io.dbsteps.cli;

import io.dbsteps.AdoptResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Takes over a database brought to a release without dbsteps. */
@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = "Takes over a database that was brought to a release without dbsteps: checks that its schema is "
                + "exactly the release's, then records the changesets up to the tag as applied. Refuses, showing the "
                + "differences, if the schema is not the release's. With --head, for changelogs without release tags: "
                + "checks against what every changeset creates, and records them all.",
        footer = {"", "Example:", "  dbsteps adopt --schema trajectory --tag 1.0"})
final class AdoptCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @ArgGroup(multiplicity = "1")
    State state;

    static final class State {
        @Option(names = "--tag", paramLabel = "TAG", required = true, description = "The release the database is at.")
        String tag;

        @Option(names = "--head", required = true, description = "The database is at the changelog's head.")
        boolean head;
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        AdoptResult r = state.tag != null ? db.load(null).adopt(state.tag) : db.load(null).adoptHead();
        spec.commandLine().getOut().printf("%s: adopted at %s; %s recorded as applied.%n", r.schema(),
                state.tag != null ? "tag " + r.tag() : "the changelog's head" + (r.tag() == null ? "" : " (tag "
                        + r.tag() + ")"), Output.plural(r.changeSets(), "changeset"));
    }
}
