package io.dbsteps.cli;

import io.dbsteps.Drift;
import io.dbsteps.DriftReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Compares the live schema with the one the changelog expects at the current release. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Compares the live schema with the schema the changelog expects at the database's state: the "
                + "snapshot shipped for its release tag, or else what its applied changesets create, replayed in a "
                + "scratch database. Exit code 0 when they are equal, 4 when they drifted. Changes nothing.",
        footer = {"", "Example:", "  dbsteps drift --schema codorch"})
final class DriftCommand implements Callable<Integer> {
    static final int DRIFTED = 4;

    @Mixin
    DatabaseOptions db;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Style style = Output.style(spec);
        DriftReport r = db.load(null).checkDrift();
        if (r.clean()) {
            out.printf("%s: %s; the %s schema is exactly %s.%n", r.schema(), style.success("no drift"), r.dbms(),
                    r.expectedFrom());
            return 0;
        }
        out.printf("%s: %s from %s on %s:%n", r.schema(),
                style.attention(r.differences().size() + " difference(s)"), r.expectedFrom(), r.dbms());
        for (Drift d : r.differences()) {
            out.println("  " + d);
        }
        return DRIFTED;
    }
}
