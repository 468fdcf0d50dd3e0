package io.dbsteps.bench;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The Markdown tables of one benchmark run. */
final class Report {
    static final List<String> TOOLS = List.of("raw", "dbsteps", "liquibase", "flyway");
    static final Map<String, String> TOOL_NAMES = Map.of("raw", "raw JDBC", "dbsteps", "dbsteps",
            "liquibase", "Liquibase 4.33", "flyway", "Flyway 11.20");
    static final Map<String, String> SCENARIO_NAMES = new LinkedHashMap<>();
    static final List<String> DBS = List.of("postgresql", "sqlite");
    static final Map<String, String> DB_NAMES = Map.of("postgresql", "PG", "sqlite", "SQLite");

    static {
        SCENARIO_NAMES.put("noop-warm", "no-op at head, warm");
        SCENARIO_NAMES.put("noop-first", "no-op, first call in a fresh JVM");
        SCENARIO_NAMES.put("update-cold", "full update from empty, cold");
        SCENARIO_NAMES.put("rollback-warm", "rollback to a mid tag, warm");
    }

    private final BenchRunner.Results results;
    private final StringBuilder md = new StringBuilder();

    private Report(BenchRunner.Results results) {
        this.results = results;
    }

    static String render(BenchRunner.Results results, BenchRunner.Environment env, List<Double> loads, int jvms,
                         int warmJvms, int warmNoop, int warmRollback, Duration took, int runs,
                         List<String> failures) {
        Report r = new Report(results);
        r.header(env, loads, jvms, warmJvms, warmNoop, warmRollback, took, runs);
        if (!failures.isEmpty()) {
            r.md.append("**Failed** (see the logs folder):\n\n");
            failures.forEach(f -> r.md.append("- ").append(f).append('\n'));
            r.md.append('\n');
        }
        r.workloadTables();
        r.processTable();
        r.allocationTable();
        r.goals();
        r.phases();
        return r.md.toString();
    }

    // ---- figures

    /** The figure of one child JVM for a scenario: its call, or for warm cells the median of its iterations. */
    static double value(BenchRunner.Results.Row row) {
        String warm = row.m().get("warm_ms");
        if (warm != null) {
            return median(Arrays.stream(warm.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        return Double.parseDouble(row.m().get("call_ms"));
    }

    private List<BenchRunner.Results.Row> rows(String workload, String db, String scenario, String tool) {
        return results.rows.stream().filter(r -> r.workload().equals(workload) && r.db().equals(db)
                && r.scenario().equals(scenario) && r.tool().equals(tool)).toList();
    }

    private double[] values(String workload, String db, String scenario, String tool,
                            ToDoubleFunction<BenchRunner.Results.Row> f) {
        return rows(workload, db, scenario, tool).stream().mapToDouble(f).toArray();
    }

    private static double metric(BenchRunner.Results.Row row, String key) {
        String v = row.m().get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Median of a cell's JVMs, NaN if the cell did not run. */
    double med(String workload, String db, String scenario, String tool) {
        return median(values(workload, db, scenario, tool, Report::value));
    }

    private String cell(String workload, String db, String scenario, String tool) {
        double[] v = values(workload, db, scenario, tool, Report::value);
        if (v.length == 0) {
            return "—";
        }
        double m = median(v);
        String s = String.format(Locale.ROOT, "%s (%s–%s)", num(m), num(Arrays.stream(v).min().orElseThrow()),
                num(Arrays.stream(v).max().orElseThrow()));
        if (!tool.equals("raw")) {
            double raw = med(workload, db, scenario, "raw");
            if (!Double.isNaN(raw)) {
                s += String.format(Locale.ROOT, " **%.1f×**", m / raw);
            }
        }
        return s;
    }

    private static String num(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private List<String> workloads() {
        return results.rows.stream().map(BenchRunner.Results.Row::workload).distinct().toList();
    }

    private List<String> tools(String workload) {
        return TOOLS.stream().filter(t -> results.rows.stream()
                .anyMatch(r -> r.workload().equals(workload) && r.tool().equals(t))).toList();
    }

    // ---- sections

    private void header(BenchRunner.Environment env, List<Double> loads, int jvms, int warmJvms, int warmNoop,
                        int warmRollback, Duration took, int runs) {
        double[] l = loads.stream().mapToDouble(Double::doubleValue).toArray();
        md.append("## Run of ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| CPU | ").append(env.cpu()).append(", ").append(env.cores()).append(" cores, ")
                .append(env.memory()).append(" |\n");
        md.append("| load (1-minute average, sampled ").append(l.length).append(" times) | ")
                .append(l.length == 0 ? "unknown" : String.format(Locale.ROOT, "median %.1f, min %.1f, max %.1f",
                        median(l), Arrays.stream(l).min().orElseThrow(), Arrays.stream(l).max().orElseThrow()))
                .append(" |\n");
        md.append("| OS | ").append(env.os()).append(" |\n");
        md.append("| JVM | ").append(env.jvm()).append(", default flags |\n");
        md.append("| PostgreSQL | ").append(env.postgres()).append(" |\n");
        md.append("| SQLite | ").append(env.sqlite()).append(" |\n");
        md.append("| fresh JVMs per cell | ").append(jvms).append(" per cold or first-call cell, ").append(warmJvms)
                .append(" per warm cell |\n");
        md.append("| warm iterations per JVM | no-op: ").append(warmNoop / 2).append(" warm-up + ").append(warmNoop)
                .append(" timed; rollback (then an untimed update back to head): 1 warm-up + ").append(warmRollback)
                .append(" timed |\n");
        md.append("| child JVMs | ").append(runs).append(" |\n");
        md.append("| run time | ").append(took.toMinutes()).append(" min ").append(took.toSecondsPart())
                .append(" s |\n\n");
        md.append("Figures are milliseconds: the median of the fresh JVMs, (min–max) across them, and **the ratio "
                + "of medians to raw JDBC** in the same run. A warm JVM's figure is the median of its timed "
                + "iterations.\n\n");
    }

    private void workloadTables() {
        for (String w : workloads()) {
            List<String> tools = tools(w);
            md.append("### ").append(w.equals(Target.SYNTHETIC) ? "Synthetic workload, 100 changesets"
                    : "Schema " + w).append("\n\n| scenario |");
            tools.forEach(t -> md.append(' ').append(TOOL_NAMES.get(t)).append(" |"));
            md.append("\n|---|").append("---|".repeat(tools.size())).append('\n');
            for (var sc : SCENARIO_NAMES.entrySet()) {
                for (String db : DBS) {
                    if (tools.stream().allMatch(t -> rows(w, db, sc.getKey(), t).isEmpty())) {
                        continue;
                    }
                    md.append("| ").append(sc.getValue()).append(", ").append(DB_NAMES.get(db)).append(" |");
                    for (String t : tools) {
                        md.append(' ').append(cell(w, db, sc.getKey(), t)).append(" |");
                    }
                    md.append('\n');
                }
            }
            md.append('\n');
        }
    }

    private void processTable() {
        md.append("### Whole process, synthetic workload (GNU time)\n\n");
        md.append("Wall time of the child JVM from start to exit and its peak RSS, medians; JVM start is from "
                + "spawning the child to its `main`.\n\n");
        md.append("| scenario | tool | process wall ms | ratio to raw | peak RSS MiB | JVM start ms | classes loaded by the call |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        String w = Target.SYNTHETIC;
        for (String sc : List.of("noop-first", "update-cold")) {
            for (String db : DBS) {
                double rawWall = median(values(w, db, sc, "raw", r -> metric(r, "wall_ms")));
                for (String t : tools(w)) {
                    double[] wall = values(w, db, sc, t, r -> metric(r, "wall_ms"));
                    if (wall.length == 0) {
                        continue;
                    }
                    md.append(String.format(Locale.ROOT, "| %s, %s | %s | %s (%s–%s) | %.1f× | %.0f | %.0f | %.0f |%n",
                            SCENARIO_NAMES.get(sc), DB_NAMES.get(db), TOOL_NAMES.get(t), num(median(wall)),
                            num(Arrays.stream(wall).min().orElseThrow()), num(Arrays.stream(wall).max().orElseThrow()),
                            median(wall) / rawWall,
                            median(values(w, db, sc, t, r -> metric(r, "rss_kb"))) / 1024,
                            median(values(w, db, sc, t, r -> metric(r, "jvm_start_ms"))),
                            median(values(w, db, sc, t, r -> metric(r, "classes")))));
                }
            }
        }
        md.append('\n');
    }

    private void allocationTable() {
        md.append("### Heap allocated by a cold update, synthetic workload\n\n");
        md.append("Bytes allocated by the calling thread during the call (`com.sun.management.ThreadMXBean`"
                + ".getCurrentThreadAllocatedBytes), median of the cold JVMs, in MiB.\n\n");
        md.append("| database |");
        List<String> tools = tools(Target.SYNTHETIC);
        tools.forEach(t -> md.append(' ').append(TOOL_NAMES.get(t)).append(" |"));
        md.append(" dbsteps / Flyway |\n|---|").append("---|".repeat(tools.size() + 1)).append('\n');
        for (String db : DBS) {
            md.append("| ").append(DB_NAMES.get(db)).append(" |");
            if (Double.isNaN(alloc(db, "raw"))) {
                md.setLength(md.lastIndexOf("| " + DB_NAMES.get(db) + " |"));
                continue;
            }
            for (String t : tools) {
                md.append(String.format(Locale.ROOT, " %.1f |", alloc(db, t) / 1048576));
            }
            md.append(String.format(Locale.ROOT, " %.2f× |%n", alloc(db, "dbsteps") / alloc(db, "flyway")));
        }
        md.append('\n');
    }

    private double alloc(String db, String tool) {
        return median(values(Target.SYNTHETIC, db, "update-cold", tool, r -> metric(r, "alloc_bytes")));
    }

    private void goals() {
        md.append("### Goals of issue 7, synthetic workload\n\n");
        md.append("| goal | target | PostgreSQL | SQLite |\n|---|---|---|---|\n");
        goal("no-op at head, warm", "noop-warm", 1.5);
        goal("no-op, first call in a fresh JVM", "noop-first", 1.3);
        goal("full update from empty, cold", "update-cold", 2.0);
        goal("rollback to a tag", "rollback-warm", 2.0);
        md.append("| heap allocated by a cold update | ≤ Flyway's |");
        for (String db : DBS) {
            double ratio = alloc(db, "dbsteps") / alloc(db, "flyway");
            md.append(Double.isNaN(ratio) ? " — |" : String.format(Locale.ROOT, " %.2f× Flyway: %s |", ratio,
                    ratio <= 1.0 ? "met" : "**not met**"));
        }
        md.append("\n\n");
    }

    private void goal(String name, String scenario, double target) {
        md.append("| ").append(name).append(String.format(Locale.ROOT, " | ≤ %.1f× raw |", target));
        for (String db : DBS) {
            double ratio = med(Target.SYNTHETIC, db, scenario, "dbsteps") / med(Target.SYNTHETIC, db, scenario, "raw");
            String process = "";
            if (scenario.equals("noop-first") || scenario.equals("update-cold")) {
                double wall = median(values(Target.SYNTHETIC, db, scenario, "dbsteps", r -> metric(r, "wall_ms")))
                        / median(values(Target.SYNTHETIC, db, scenario, "raw", r -> metric(r, "wall_ms")));
                process = String.format(Locale.ROOT, " (whole process, JVM start included: %.1f×)", wall);
            }
            md.append(Double.isNaN(ratio) ? " — |" : String.format(Locale.ROOT, " %.1f×: %s%s |", ratio,
                    ratio <= target ? "met" : "**not met**", process));
        }
        md.append('\n');
    }

    private void phases() {
        List<BenchRunner.Results.Row> any = results.rows.stream().filter(r -> r.scenario().startsWith("phases")).toList();
        if (any.isEmpty()) {
            return;
        }
        md.append("### Where a dbsteps call spends its time, synthetic workload\n\n");
        md.append("Fresh JVMs with JFR sampling the calling thread every millisecond (which slows the call down). "
                + "JDBC is timed by a DataSource that wraps the driver; class loading (load, define, link, verify) "
                + "and static initialisers come from HotSpot's `sun.cls.*` counters; the rest is Java code running, "
                + "split among code areas by the share of JFR samples. Medians of the JVMs, in ms per call; a warm "
                + "JVM's figures are the averages of its timed calls (10 no-ops or 3 rollbacks after 5 untimed "
                + "calls).\n\n");
        List<String> areas = new ArrayList<>();
        for (BenchRunner.Results.Row r : any) {
            r.m().keySet().stream().filter(k -> k.startsWith("sample.")).filter(k -> !areas.contains(k))
                    .forEach(areas::add);
        }
        areas.remove("sample.jdbc");
        areas.remove("sample.class_loading");
        phaseTable(List.of("phases-noop", "phases-update"), areas);
        phaseTable(List.of("phases-noop-warm", "phases-rollback-warm"), areas);
        allocationByArea();
    }

    /** The cold full update's allocation, divided among code areas by JFR's allocation samples (their weights). */
    private void allocationByArea() {
        List<String> dbs = DBS.stream().filter(db -> rows(Target.SYNTHETIC, db, "phases-update", "dbsteps").stream()
                .anyMatch(r -> r.m().containsKey("alloc_bytes"))).toList();
        if (dbs.isEmpty()) {
            return;
        }
        List<String> areas = new ArrayList<>();
        results.rows.stream().filter(r -> r.scenario().equals("phases-update")).forEach(r -> r.m().keySet().stream()
                .filter(k -> k.startsWith("allocated.") && !areas.contains(k)).forEach(areas::add));
        md.append("Heap allocated by the cold full update, by code area: the calling thread's bytes "
                + "(ThreadMXBean) divided by the weights of JFR's allocation samples (`jdk.ObjectAllocationSample`). "
                + "Medians in MiB.\n\n| code area |");
        dbs.forEach(db -> md.append(" full update, cold, ").append(DB_NAMES.get(db)).append(" |"));
        md.append("\n|---|").append("---|".repeat(dbs.size())).append('\n');
        Map<String, ToDoubleFunction<BenchRunner.Results.Row>> lines = new LinkedHashMap<>();
        lines.put("all", r -> metric(r, "alloc_bytes") / 1048576);
        for (String area : areas) {
            lines.put("&nbsp;&nbsp;" + area.substring(10).replace('_', ' '), r -> {
                double total = areas.stream().mapToDouble(a -> metric(r, a)).sum();
                return total == 0 ? 0 : metric(r, "alloc_bytes") * metric(r, area) / total / 1048576;
            });
        }
        for (var line : lines.entrySet()) {
            md.append("| ").append(line.getKey()).append(" |");
            for (String db : dbs) {
                md.append(String.format(Locale.ROOT, " %.1f |",
                        median(values(Target.SYNTHETIC, db, "phases-update", "dbsteps", line.getValue()))));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private void phaseTable(List<String> scenarios, List<String> areas) {
        Map<String, String> names = Map.of("phases-noop", "no-op, first call", "phases-update", "full update, cold",
                "phases-noop-warm", "no-op, warm", "phases-rollback-warm", "rollback, warm");
        List<String[]> columns = new ArrayList<>();
        for (String sc : scenarios) {
            for (String db : DBS) {
                if (!rows(Target.SYNTHETIC, db, sc, "dbsteps").isEmpty()) {
                    columns.add(new String[] {sc, db});
                }
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        md.append("| phase |");
        for (String[] c : columns) {
            md.append(' ').append(names.get(c[0])).append(", ").append(DB_NAMES.get(c[1])).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
        Map<String, ToDoubleFunction<BenchRunner.Results.Row>> lines = new LinkedHashMap<>();
        lines.put("whole call (with JFR on)", r -> metric(r, "call_ms"));
        lines.put("JDBC driver, all calls (class loading apart)", r -> metric(r, "jdbc_ms"));
        lines.put("&nbsp;&nbsp;of which opening connections", r -> metric(r, "connect_ms"));
        lines.put("&nbsp;&nbsp;JDBC calls made (count)", r -> metric(r, "jdbc_calls"));
        lines.put("class loading, linking, verification", r -> metric(r, "classload_ms"));
        lines.put("static initialisers", r -> metric(r, "clinit_ms"));
        lines.put("Java code running (the rest)", Report::rest);
        for (String area : areas) {
            lines.put("&nbsp;&nbsp;" + area.substring(7).replace('_', ' '), r -> rest(r) * share(r, area, areas));
        }
        lines.put("JFR samples of the rest (count)", r -> areas.stream().mapToDouble(a -> metric(r, a)).sum());
        for (var line : lines.entrySet()) {
            md.append("| ").append(line.getKey()).append(" |");
            for (String[] c : columns) {
                md.append(' ').append(num(median(values(Target.SYNTHETIC, c[1], c[0], "dbsteps", line.getValue()))))
                        .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static double rest(BenchRunner.Results.Row r) {
        return metric(r, "call_ms") - metric(r, "jdbc_ms") - metric(r, "classload_ms") - metric(r, "clinit_ms");
    }

    private static double share(BenchRunner.Results.Row r, String area, List<String> areas) {
        double total = areas.stream().mapToDouble(a -> metric(r, a)).sum();
        return total == 0 ? 0 : metric(r, area) / total;
    }
}
