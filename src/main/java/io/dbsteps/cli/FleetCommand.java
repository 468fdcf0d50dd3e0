package io.dbsteps.cli;

import io.dbsteps.DbStepsException;
import io.dbsteps.DbStepsFleet;
import io.dbsteps.ErrorCode;
import io.dbsteps.FleetBuilder;
import io.dbsteps.FleetResult;
import io.dbsteps.TargetResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs update, rollback or status over the targets of {@code --targets}, through {@link DbStepsFleet}: a line per
 * target as it finishes, then a table and a summary naming each target that did not reach the goal and why (or, with
 * {@code --json}, one JSON document). Fails with {@link ErrorCode#FLEET_INCOMPLETE}, so exit code 1, unless every
 * target reached the goal.
 */
final class FleetCommand {
    /** A password in a URL: {@code password=...} or {@code //user:secret@host}; never printed. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=\\s*)[^&;\\s]+");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]+(@)");

    private FleetCommand() {
    }

    /** The fleet operations the CLI offers. */
    enum Operation {
        UPDATE, ROLLBACK, STATUS
    }

    static void run(CommandSpec spec, DatabaseOptions db, FleetOptions fleet, boolean json, Operation op, String tag) {
        CommandLine cli = spec.commandLine();
        if (cli.getParseResult().hasMatchedOption("--url")) {
            throw new CommandLine.ParameterException(cli, "--url and --targets cannot be combined: put every target's "
                    + "JDBC URL in the targets file.");
        }
        PrintWriter out = cli.getOut();
        Style style = Output.style(spec);
        String password = db.password != null ? db.password : System.getenv(DatabaseOptions.PASSWORD_ENV);
        FleetBuilder b = DbStepsFleet.configure().failFast(fleet.failFast);
        if (db.changelog != null) {
            b.changelog(db.changelog, db.tablePrefix);
        } else {
            b.schema(db.schema);
        }
        if (!db.contexts.isEmpty()) {
            b.contexts(db.contexts.toArray(String[]::new));
        }
        db.parameters.forEach(b::parameter);
        if (db.lockWait != null) {
            b.lockWait(db.lockWait);
        }
        if (fleet.parallel != null) {
            b.parallelism(fleet.parallel);
        }
        for (String url : fleet.urls(cli)) {
            b.target(masked(url), url, db.user, password);
        }
        if (!json) {
            b.onTargetDone(t -> {
                out.println(line(style, t));
                out.flush();
            });
        }
        DbStepsFleet f = b.load();
        FleetResult r = switch (op) {
            case UPDATE -> tag == null ? f.update() : f.updateTo(tag);
            case ROLLBACK -> f.rollbackTo(tag);
            case STATUS -> f.status();
        };
        if (json) {
            out.println(Json.write(json(r)));
        } else {
            summary(out, style, r);
        }
        out.flush();
        if (!r.allAtGoal()) {
            List<TargetResult> missed = r.notAtGoal();
            throw new DbStepsException(ErrorCode.FLEET_INCOMPLETE, missed.size() + " of " + r.targets().size()
                    + " targets did not reach " + goal(r) + ": " + String.join(", ",
                    missed.stream().map(t -> t.target() + " (" + t.outcome() + ")").toList())
                    + ". Each is listed above with its error; run the command again once they are fixed: it touches "
                    + "only the targets not at the goal.");
        }
    }

    /** The URL as a target's name: any password in it replaced by ****. */
    static String masked(String url) {
        String out = URL_PASSWORD.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(out).replaceAll("$1****$2");
    }

    private static String goal(FleetResult r) {
        return r.goal() == null ? "the head" : "tag " + r.goal();
    }

    private static String line(Style style, TargetResult t) {
        String outcome = switch (t.outcome()) {
            case REACHED, ALREADY_AT_GOAL -> style.success(t.outcome().name());
            case BEHIND, SKIPPED -> style.attention(t.outcome().name());
            case FAILED -> style.failure(t.outcome().name() + " [" + t.errorCode() + "]");
        };
        return t.target() + "  " + outcome + "  " + Output.tag(t.fromTag()) + " -> " + Output.tag(t.toTag()) + "  "
                + Output.plural(t.changesets(), "changeset") + "  " + Output.duration(t.duration())
                + (t.atGoal() ? "" : ": " + t.message());
    }

    private static void summary(PrintWriter out, Style style, FleetResult r) {
        out.println();
        Output.table(out, List.of("TARGET", "OUTCOME", "FROM", "TO", "CHANGESETS", "TIME"), r.targets(),
                TargetResult::target, t -> t.outcome().name(), t -> Output.tag(t.fromTag()),
                t -> Output.tag(t.toTag()), t -> Integer.toString(t.changesets()), t -> Output.duration(t.duration()));
        out.println();
        StringBuilder counts = new StringBuilder();
        for (TargetResult.Outcome o : TargetResult.Outcome.values()) {
            int n = r.count(o);
            if (n > 0) {
                counts.append(counts.length() == 0 ? "" : ", ").append(n).append(" ").append(o.name());
            }
        }
        out.printf("%s %s over %s in %s: %s; slowest %s, p99 %s.%n", r.schema(), r.operation(),
                Output.plural(r.targets().size(), "target"), Output.duration(r.duration()), counts,
                r.slowest().map(t -> t.target() + " " + Output.duration(t.duration())).orElse("-"),
                Output.duration(r.percentile(0.99)));
        List<TargetResult> missed = r.notAtGoal();
        if (missed.isEmpty()) {
            out.println(style.success("Every target is at " + goal(r) + "."));
            return;
        }
        out.println(style.failure(Output.plural(missed.size(), "target") + " not at " + goal(r) + ":"));
        for (TargetResult t : missed) {
            out.println("  " + t.target() + ": " + t.outcome() + (t.errorCode() == null ? "" : " [" + t.errorCode()
                    + "]") + " " + t.message());
        }
    }

    private static Map<String, Object> json(FleetResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", r.schema());
        doc.put("operation", r.operation());
        doc.put("goal", r.goal());
        doc.put("allAtGoal", r.allAtGoal());
        doc.put("durationMs", r.duration().toMillis());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (TargetResult.Outcome o : TargetResult.Outcome.values()) {
            counts.put(o.name(), r.count(o));
        }
        doc.put("counts", counts);
        doc.put("targets", r.targets().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", t.target());
            m.put("outcome", t.outcome().name());
            m.put("fromTag", t.fromTag());
            m.put("toTag", t.toTag());
            m.put("changesets", t.changesets());
            m.put("durationMs", t.duration().toMillis());
            m.put("errorCode", t.errorCode() == null ? null : t.errorCode().name());
            m.put("message", t.message());
            return m;
        }).toList());
        return doc;
    }

    /** Refuses an option that has no meaning over a fleet. */
    static void refuse(CommandSpec spec, boolean given, String option) {
        if (given) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " cannot be combined with "
                    + "--targets.");
        }
    }
}
