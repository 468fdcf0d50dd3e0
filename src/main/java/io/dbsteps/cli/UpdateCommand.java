package io.dbsteps.cli;

import io.dbsteps.UpdateResult;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Applies pending changesets. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Applies every pending changeset, or those up to a release tag.",
        footer = {"", "Examples:", "  dbsteps update --schema codorch", "  dbsteps update --schema codorch --to 1.0",
            "  dbsteps update --schema codorch --targets tenants.txt --parallel 4 --user app"})
final class UpdateCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--to", paramLabel = "TAG", description = "Stop after the release with this tag.")
    String to;

    @Option(names = "--count", paramLabel = "N", description = "Apply only the next N changesets.")
    Integer count;

    @Option(names = "--allow-unverified",
            description = "Apply changesets even on top of a guarded release whose health check has not passed "
                    + "(status shows it). Without it such an update is refused; rerun the release instead.")
    boolean allowUnverified;

    @Mixin
    CompiledPathOption compiledPath;

    @Mixin
    TableLockOptions tableLocks;

    @Mixin
    FleetOptions fleet;

    @Mixin
    FleetJson fleetJson;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (fleet.given(spec.commandLine())) {
            FleetCommand.refuse(spec, count != null, "--count");
            FleetCommand.refuse(spec, compiledPath.off, "--no-compiled-path");
            FleetCommand.run(spec, db, fleet, fleetJson.json, FleetCommand.Operation.UPDATE, to);
            return;
        }
        FleetCommand.refuse(spec, fleetJson.json, "--json without --targets");
        if (to != null && count != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--to and --count cannot be "
                    + "combined: give --to TAG to stop after a release, or --count N for the next N changesets");
        }
        PrintWriter out = spec.commandLine().getOut();
        Style style = Output.style(spec);
        var steps = db.load(step -> Output.step(out, style, step), b -> {
            b.allowUnverifiedRelease(allowUnverified);
            compiledPath.apply(b);
            tableLocks.apply(b);
        });
        UpdateResult r = to != null ? steps.updateTo(to) : count != null ? steps.updateCount(count) : steps.update();
        if (r.upToDate()) {
            out.printf("%s: %s at tag %s, nothing to apply.%n", r.schema(), style.success("up to date"),
                    Output.tag(r.toTag()));
        } else {
            out.printf("%s: %s in %s; tag %s -> %s%n", r.schema(),
                    style.success(Output.plural(r.steps().size(), "changeset") + " applied"),
                    Output.duration(r.duration()), Output.tag(r.fromTag()), Output.tag(r.toTag()));
        }
    }
}
