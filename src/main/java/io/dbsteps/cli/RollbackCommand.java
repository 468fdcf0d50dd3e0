package io.dbsteps.cli;

import io.dbsteps.RollbackResult;
import java.io.PrintWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rolls back to a tag or by count. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Rolls back every changeset applied after a tag, or the last N. Every step is checked first; "
                + "if one cannot be undone, nothing runs.",
        footer = {"", "Examples:", "  dbsteps rollback --schema codorch --to 1.0",
            "  dbsteps rollback --schema codorch --count 3"})
final class RollbackCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to", paramLabel = "TAG", required = true, description = "Roll back to this tag.")
        String to;

        @Option(names = "--count", paramLabel = "N", required = true, description = "Roll back the last N changesets.")
        Integer count;
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        var steps = db.load(step -> Output.step(out, step));
        RollbackResult r = target.to != null ? steps.rollbackTo(target.to) : steps.rollbackCount(target.count);
        if (r.steps().isEmpty()) {
            out.printf("%s: already at tag %s, nothing to roll back.%n", r.schema(), Output.tag(r.toTag()));
        } else {
            out.printf("%s: %s rolled back in %s; tag %s -> %s%n", r.schema(),
                    Output.plural(r.steps().size(), "changeset"), Output.duration(r.duration()),
                    Output.tag(r.fromTag()), Output.tag(r.toTag()));
        }
    }
}
