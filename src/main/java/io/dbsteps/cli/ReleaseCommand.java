package io.dbsteps.cli;

import io.dbsteps.DbSteps;
import io.dbsteps.HealthCheck;
import io.dbsteps.ReleaseResult;
import io.dbsteps.Step;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A guarded release from the terminal. */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Updates to a release tag with a safety net: refuses unless every pending step can be undone, "
                + "tags the current state, records the release in the database, updates, runs the check, and rolls "
                + "back to the tagged state if the update or the check fails, the check outlives its timeout, or the "
                + "process is stopped (SIGTERM). Until the check passes the release is unverified: status shows it, "
                + "and running the same release again finishes its check. Exit code 0 when the release stands (or "
                + "was already there), 3 when it was rolled back. A changelog without release tags (tagDatabase) is "
                + "released with --head-as NAME: every pending changeset, and the state it reaches takes the name.",
        footer = {"", "Example:",
            "  dbsteps release --schema recruiting --to 1.1 --check-sql \"SELECT COUNT(*) > 0 FROM resumes\""})
final class ReleaseCommand implements java.util.concurrent.Callable<Integer> {
    static final int ROLLED_BACK = 3;

    @Mixin
    DatabaseOptions db;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to", paramLabel = "TAG", required = true,
                description = "The release tag to update to, exactly as the changelog spells it.")
        String to;

        @Option(names = "--head-as", paramLabel = "NAME", required = true,
                description = "Release every pending changeset and give the state reached this new name, for "
                        + "changelogs without release tags; rollback --to NAME returns to it.")
        String headAs;
    }

    @Option(names = "--check-sql", paramLabel = "SQL", required = true,
            description = "The health check: a query whose first row's first column must be true.")
    String checkSql;

    @Option(names = "--check-timeout", paramLabel = "TIME", defaultValue = "30s", converter = DurationOption.class,
            description = "How long the check may take, e.g. 30s, 2m or PT30S (default ${DEFAULT-VALUE}). A check "
                    + "still running then is cancelled and the release rolled back.")
    Duration timeout;

    @Mixin
    TableLockOptions tableLocks;

    @Mixin
    CompiledPathOption compiledPath;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Style style = Output.style(spec);
        boolean[] rollingBack = {false};
        DbSteps steps = db.load(step -> {
            if (step.outcome() == Step.Outcome.ROLLED_BACK && !rollingBack[0]) {
                rollingBack[0] = true;
                out.println(style.attention("  the release failed; rolling back:"));
            }
            Output.step(out, style, step);
            out.flush();
        }, b -> {
            tableLocks.apply(b);
            compiledPath.apply(b);
        });
        String name = target.to != null ? target.to : target.headAs;
        out.printf("%s: releasing %s; every pending step is checked first, the check runs after the update.%n",
                steps.schema(), target.to != null ? name : "the changelog's head as " + name);
        out.flush();
        ReleaseResult r = target.to != null ? steps.release(name, HealthCheck.sql(checkSql), timeout)
                : steps.releaseHead(name, HealthCheck.sql(checkSql), timeout);
        String resumed = r.resumed() ? " (finished the check of the earlier, unverified run of this release)" : "";
        if (r.outcome() == ReleaseResult.Outcome.NOTHING_TO_DO) {
            out.printf("%s: %s: the database is already at %s, and that release is verified.%n", r.schema(),
                    style.success("nothing to do"), r.tag());
            return 0;
        }
        if (r.outcome() == ReleaseResult.Outcome.RELEASED) {
            out.printf("%s: %s; the check passed. Safe tag: %s%s%n", r.schema(), style.success("released " + r.tag()),
                    Output.tag(r.safeTag()), resumed);
            return 0;
        }
        r.rollback().archives().forEach(a -> Output.archived(out, a));
        out.printf("%s: %s to %s because %s%s%n", r.schema(), style.failure("release of " + r.tag() + " rolled back"),
                Output.tag(r.safeTag()), r.reason(), resumed);
        return ROLLED_BACK;
    }
}
