package io.dbsteps.cli;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.MarkedRanPolicy;
import io.dbsteps.RollbackPlan;
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
        footer = {"", "Data a rollback drops is copied into dbsteps_archive_* tables first, unless --discard-data.",
            "", "Examples:", "  dbsteps rollback --schema codorch --to 1.0 --dry-run",
            "  dbsteps rollback --schema codorch --to 1.0",
            "  dbsteps rollback --schema codorch --count 3",
            "", "A changeset marked ran (its object was already there) is flagged in the plan; a rollback that would",
            "drop such an object is refused unless --undo-marked-ran.",
            "  dbsteps rollback --schema codorch --to 1.0 --targets tenants.txt --fail-fast"})
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

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--discard-data", description = "Drop the data of dropped tables and columns instead of archiving it.")
    boolean discard;

    @Option(names = "--undo-marked-ran", description = "Also undo changesets that were marked ran (their objects were "
            + "found, not created, by dbsteps), dropping those objects. Without it such a rollback is refused.")
    boolean undoMarkedRan;

    @Mixin
    CompiledPathOption compiledPath;

    @Mixin
    FleetOptions fleet;

    @Mixin
    FleetJson fleetJson;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (fleet.given(spec.commandLine())) {
            FleetCommand.refuse(spec, target.count != null, "--count");
            FleetCommand.refuse(spec, dryRun, "--dry-run");
            FleetCommand.refuse(spec, discard, "--discard-data");
            FleetCommand.refuse(spec, compiledPath.off, "--no-compiled-path");
            FleetCommand.run(spec, db, fleet, fleetJson.json, FleetCommand.Operation.ROLLBACK, target.to);
            return;
        }
        FleetCommand.refuse(spec, fleetJson.json, "--json without --targets");
        PrintWriter out = spec.commandLine().getOut();
        Style style = Output.style(spec);
        DbSteps steps = db.load(step -> Output.step(out, style, step), compiledPath::apply);
        RollbackPlan plan = target.to != null ? steps.planRollback(target.to) : steps.planRollbackCount(target.count);
        Output.plan(out, plan, dryRun);
        if (dryRun || plan.steps().isEmpty()) {
            return;
        }
        DataPolicy policy = discard ? DataPolicy.DISCARD : DataPolicy.ARCHIVE;
        MarkedRanPolicy markedRan = undoMarkedRan ? MarkedRanPolicy.UNDO : MarkedRanPolicy.REFUSE;
        RollbackResult r = steps.rollback(plan, policy, markedRan); // refuses if the database changed since the plan shown
        r.archives().forEach(a -> Output.archived(out, a));
        if (r.steps().isEmpty()) {
            out.printf("%s: already at tag %s, nothing to roll back.%n", r.schema(), Output.tag(r.toTag()));
        } else {
            out.printf("%s: %s in %s; tag %s -> %s%n", r.schema(),
                    style.success(Output.plural(r.steps().size(), "changeset") + " rolled back"),
                    Output.duration(r.duration()),
                    Output.tag(r.fromTag()), Output.tag(r.toTag()));
        }
    }
}
