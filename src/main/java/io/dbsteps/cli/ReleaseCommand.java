package io.dbsteps.cli;

import io.dbsteps.DbSteps;
import io.dbsteps.ReleaseResult;
import io.dbsteps.Step;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A guarded release from the terminal. */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Updates to a release tag with a safety net: refuses unless every pending step can be undone, "
                + "tags the current state, updates, runs the check, and rolls back to the tagged state if the update "
                + "or the check fails. Exit code 0 when the release stands, 3 when it was rolled back.",
        footer = {"", "Example:",
            "  dbsteps release --schema recruiting --to 1.1 --check-sql \"SELECT COUNT(*) > 0 FROM resumes\""})
final class ReleaseCommand implements java.util.concurrent.Callable<Integer> {
    static final int ROLLED_BACK = 3;

    @Mixin
    DatabaseOptions db;

    @Option(names = "--to", paramLabel = "TAG", required = true, description = "The release tag to update to.")
    String to;

    @Option(names = "--check-sql", paramLabel = "SQL", required = true,
            description = "The health check: a query whose first row's first column must be true.")
    String checkSql;

    @Option(names = "--check-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long the check may take (default ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

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
        });
        out.printf("%s: releasing %s; every pending step is checked first, the check runs after the update.%n",
                steps.schema(), to);
        out.flush();
        ReleaseResult r = steps.release(to, this::check, Duration.ofSeconds(timeoutSeconds));
        if (r.outcome() == ReleaseResult.Outcome.RELEASED) {
            out.printf("%s: %s; the check passed. Safe tag: %s%n", r.schema(), style.success("released " + r.tag()),
                    Output.tag(r.safeTag()));
            return 0;
        }
        r.rollback().archives().forEach(a -> Output.archived(out, a));
        out.printf("%s: %s to %s because %s%n", r.schema(), style.failure("release of " + r.tag() + " rolled back"),
                Output.tag(r.safeTag()), r.reason());
        return ROLLED_BACK;
    }

    private boolean check() throws Exception {
        Properties props = new Properties();
        if (db.user != null) {
            props.setProperty("user", db.user);
        }
        String pw = db.password != null ? db.password : System.getenv(DatabaseOptions.PASSWORD_ENV);
        if (pw != null) {
            props.setProperty("password", pw);
        }
        try (Connection c = DriverManager.getConnection(db.url, props); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(checkSql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
