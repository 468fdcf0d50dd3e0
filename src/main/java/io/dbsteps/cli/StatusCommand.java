package io.dbsteps.cli;

import io.dbsteps.PendingChange;
import io.dbsteps.StatusResult;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Lists the pending changesets. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists the changesets an update would apply. Changes nothing.",
        footer = {"", "Example:", "  dbsteps status --schema codorch"})
final class StatusCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        StatusResult r = db.load(null).status();
        if (r.upToDate()) {
            out.printf("%s: up to date at tag %s.%n", r.schema(), Output.tag(r.currentTag()));
            return;
        }
        out.printf("%s: at tag %s, %s pending:%n", r.schema(), Output.tag(r.currentTag()),
                Output.plural(r.pending().size(), "changeset"));
        Output.table(out, List.of("ID", "FILE", "TAG", "CHANGE"), r.pending(), PendingChange::id,
                PendingChange::file, PendingChange::tag, PendingChange::description);
    }
}
