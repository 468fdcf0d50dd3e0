package io.dbsteps.cli;

import io.dbsteps.AppliedChange;
import io.dbsteps.HistoryResult;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Lists the applied changesets. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Lists the applied changesets with their tags, oldest first. Changes nothing.",
        footer = {"", "Example:", "  dbsteps history --schema codorch"})
final class HistoryCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        HistoryResult r = db.load(null).history();
        out.printf("%s: %s applied, current tag %s%n", r.schema(), Output.plural(r.applied().size(), "changeset"),
                Output.tag(r.currentTag()));
        if (!r.applied().isEmpty()) {
            Output.table(out, List.of("ID", "FILE", "APPLIED AT", "HOW", "TAG"), r.applied(), AppliedChange::id,
                    AppliedChange::file, a -> a.executedAt() == null ? "" : a.executedAt().toString(),
                    AppliedChange::outcome, AppliedChange::tag);
        }
    }
}
