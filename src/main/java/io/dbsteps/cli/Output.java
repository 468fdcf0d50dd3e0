package io.dbsteps.cli;

import io.dbsteps.Archive;
import io.dbsteps.DroppedData;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.Step;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/** How the CLI prints: one line per changeset as it is done, a summary, aligned tables. */
final class Output {
    private Output() {
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    static String tag(String tag) {
        return tag == null ? "(none)" : tag;
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** @return how the command being run colours its output */
    static Style style(CommandSpec spec) {
        return spec.root().userObject() instanceof Style.Source source ? source.style() : Style.PLAIN;
    }

    /** Prints a step as soon as it is done: one line per changeset, so that a long command shows its progress. */
    static void step(PrintWriter out, Style style, Step step) {
        String verb = switch (step.outcome()) {
            case EXECUTED -> style.success("applied    ");
            case MARKED_RAN -> style.success("marked ran ");
            case ROLLED_BACK -> style.attention("rolled back");
        };
        out.printf("  %s  %-50s %8s%s%n", verb, step.id(), duration(step.duration()),
                step.tag() == null ? "" : "  [tag " + step.tag() + "]");
        for (String note : step.notes()) {
            out.println("      note: " + note);
        }
        out.flush();
    }

    /** Prints a rollback plan: a table of the steps and the data they drop, then the SQL of each. */
    static void plan(PrintWriter out, RollbackPlan plan, boolean withSql) {
        if (plan.steps().isEmpty()) {
            out.printf("%s: already at tag %s, nothing to roll back.%n", plan.schema(), tag(plan.toTag()));
            return;
        }
        out.printf("%s: rollback plan, tag %s -> %s, %s:%n", plan.schema(), tag(plan.fromTag()), tag(plan.toTag()),
                plural(plan.steps().size(), "changeset"));
        table(out, List.of("#", "CHANGESET", "UNDONE BY", "DROPS"), numbered(plan.steps()),
                n -> Integer.toString(n.number()), n -> n.step().id(),
                n -> n.step().fromUndoStore() ? "stored SQL" : n.step().opaque() ? "raw SQL" : "changelog",
                n -> drops(n.step().drops()));
        if (plan.oneTransaction()) {
            out.println("One transaction: if any step fails, nothing changes.");
        } else {
            out.println("Not one transaction: " + String.join(", ", plan.steps().stream()
                    .filter(PlannedStep::outsideTransaction).map(PlannedStep::id).toList())
                    + " cannot run in a transaction (runInTransaction: false), so each changeset commits on its own.");
        }
        if (withSql) {
            for (PlannedStep step : plan.steps()) {
                out.println();
                out.println("-- " + step.file() + "::" + step.id() + "::" + step.author());
                step.sql().forEach(sql -> out.println(sql.endsWith(";") ? sql : sql + ";"));
            }
        }
        out.flush();
    }

    /** Prints where a rollback put the data it dropped. */
    static void archived(PrintWriter out, Archive a) {
        out.printf("  archived %s in %s (%s)%n", a.column() == null ? "table " + a.table()
                : "column " + a.table() + "." + a.column(), a.archiveTable(), plural((int) a.rows(), "row"));
    }

    private record Numbered(int number, PlannedStep step) {
    }

    private static List<Numbered> numbered(List<PlannedStep> steps) {
        return java.util.stream.IntStream.range(0, steps.size()).mapToObj(i -> new Numbered(i + 1, steps.get(i))).toList();
    }

    private static String drops(List<DroppedData> drops) {
        if (drops.isEmpty()) {
            return "-";
        }
        return String.join("; ", drops.stream().map(d -> (d.column() == null ? "table " + d.table() + ": "
                + count(d.rows(), "row") : "column " + d.table() + "." + d.column() + ": " + count(d.rows(), "value")))
                .toList());
    }

    private static String count(long n, String word) {
        return n < 0 ? "? " + word + "s" : plural((int) n, word);
    }

    /** Prints rows as a table whose columns are as wide as their widest cell. */
    @SafeVarargs
    static <T> void table(PrintWriter out, List<String> headers, List<T> rows, Function<T, String>... cells) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (T row : rows) {
                width[i] = Math.max(width[i], value(cells[i].apply(row)).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            line.append(pad(headers.get(i), width[i], i == width.length - 1));
        }
        out.println(line.toString().stripTrailing());
        for (T row : rows) {
            line.setLength(0);
            for (int i = 0; i < width.length; i++) {
                line.append(pad(value(cells[i].apply(row)), width[i], i == width.length - 1));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String value(String s) {
        return s == null ? "" : s;
    }

    private static String pad(String s, int width, boolean last) {
        return last ? s : String.format("%-" + width + "s  ", s);
    }
}
