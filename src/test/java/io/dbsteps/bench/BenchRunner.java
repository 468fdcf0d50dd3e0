package io.dbsteps.bench;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.PendingChange;
import io.dbsteps.testing.PostgresServer;
import io.dbsteps.testing.TestDb;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the benchmark (BENCHMARKS.md): for the synthetic workload and every shipped schema, on PostgreSQL and SQLite,
 * dbsteps, plain Liquibase, raw JDBC and (synthetic only) Flyway, each cell in fresh child JVMs under
 * {@code /usr/bin/time -v}. Writes {@code results.csv} (one row per child JVM) and {@code results.md} into
 * {@code bench.dir} and prints the tables.
 *
 * <p>System properties: {@code bench.jar} (the dbsteps jar), {@code bench.dir} (working folder, with the
 * {@code runtime.classpath} and {@code flyway.classpath} files the build wrote), {@code bench.jvms} (fresh JVMs per
 * cell, default 5), and to narrow a run while working on it, {@code bench.workloads}, {@code bench.databases} and
 * {@code bench.scenarios} (comma-separated).
 */
public final class BenchRunner {
    static final List<String> SCENARIOS = List.of("noop-warm", "noop-first", "update-cold", "rollback-warm", "phases");
    static final String TIME = "/usr/bin/time";

    private final Path dir;
    private final Path jar;
    private final int jvms;
    private final int warmJvms;
    private final int warmNoop;
    private final int warmRollback;
    private final List<String> baseClasspath;
    private final List<String> flywayClasspath;
    private final Results results;
    private final List<Double> loads = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int runs;

    private BenchRunner() throws IOException {
        dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
        jar = Path.of(required("bench.jar")).toAbsolutePath();
        jvms = Integer.getInteger("bench.jvms", 5);
        warmJvms = Integer.getInteger("bench.warm.jvms", jvms);
        warmNoop = Integer.getInteger("bench.warm.noop", 10);
        warmRollback = Integer.getInteger("bench.warm.rollback", 3);
        Files.createDirectories(dir);
        Path classes = dir.resolve("classes");
        copyBenchClasses(classes);
        Synthetic.write(classes, dir.resolve("flyway"));
        baseClasspath = new ArrayList<>();
        baseClasspath.add(jar.toString());
        baseClasspath.addAll(classpathFile(dir.resolve("runtime.classpath")));
        baseClasspath.add(classes.toString());
        flywayClasspath = classpathFile(dir.resolve("flyway.classpath"));
        results = new Results(dir.resolve("results.csv"));
        writeSyntheticManifest(classes);
    }

    /** The synthetic changelog's manifests, written the way a host's build writes its own (README). */
    private void writeSyntheticManifest(Path classes) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", String.join(File.pathSeparator, baseClasspath),
                "io.dbsteps.ManifestWriter", classes.toString(), Synthetic.CHANGELOG).inheritIO().start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("ManifestWriter failed for " + Synthetic.CHANGELOG);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (!Files.isExecutable(Path.of(TIME))) {
            throw new IllegalStateException(TIME + " (GNU time) is missing: apt-get install time");
        }
        if (System.getProperty("bench.reportFrom") != null) {
            reportFrom(Path.of(System.getProperty("bench.reportFrom")));
            return;
        }
        BenchRunner runner = new BenchRunner();
        Instant start = Instant.now();
        Environment env = Environment.probe();
        runner.sampleLoad();
        for (String workload : runner.workloads()) {
            for (String db : list("bench.databases", "postgresql,sqlite")) {
                try {
                    runner.workload(workload, db);
                } catch (Exception e) {
                    runner.failed(workload + " on " + db, e);
                }
            }
        }
        runner.sampleLoad();
        Duration took = Duration.between(start, Instant.now());
        String report = Report.render(runner.results, env, runner.loads, runner.jvms, runner.warmJvms,
                runner.warmNoop, runner.warmRollback, took, runner.runs, runner.failures);
        Files.writeString(runner.dir.resolve("results.md"), report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println("Results: " + runner.dir.resolve("results.md") + " and " + runner.dir.resolve("results.csv"));
    }

    /**
     * Renders the report of a run from its {@code results.csv}, e.g. of a run that was stopped before its end
     * ({@code -Dbench.reportFrom=target/bench/results.csv}).
     */
    private static void reportFrom(Path csv) throws Exception {
        Results results = new Results(null);
        int runs = 0;
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] f = line.split(",", 6);
            Map<String, String> m = new TreeMap<>();
            for (String kv : f[5].replace("\"", "").split(" ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            results.add(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), m);
            runs++;
        }
        List<Double> loads = new ArrayList<>();
        String loadFile = System.getProperty("bench.loadsFrom");
        if (loadFile != null) {
            for (String l : Files.readAllLines(Path.of(loadFile))) {
                loads.add(Double.parseDouble(l.split(" ")[1]));
            }
        }
        int jvms = Integer.getInteger("bench.jvms", 5);
        System.out.println(Report.render(results, Environment.probe(), loads, jvms,
                Integer.getInteger("bench.warm.jvms", jvms), Integer.getInteger("bench.warm.noop", 10),
                Integer.getInteger("bench.warm.rollback", 3), Duration.ZERO, runs, List.of()));
    }

    private List<String> workloads() {
        List<String> all = new ArrayList<>();
        all.add(Target.SYNTHETIC);
        all.addAll(DbSteps.shippedSchemas());
        List<String> only = list("bench.workloads", String.join(",", all));
        return all.stream().filter(only::contains).toList();
    }

    private static List<String> list(String property, String def) {
        String value = System.getProperty(property, "");
        return Arrays.stream((value.isBlank() ? def : value).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static boolean scenario(String name) {
        return list("bench.scenarios", String.join(",", SCENARIOS)).contains(name);
    }

    /** Every cell of one workload on one database. */
    private void workload(String workload, String db) throws Exception {
        log("== " + workload + " on " + db);
        sampleLoad();
        Path work = dir.resolve("work").resolve(workload + "-" + db);
        Path scripts = work.resolve("scripts");
        Files.createDirectories(scripts);
        List<String> tools = new ArrayList<>(List.of("raw", "dbsteps", "liquibase"));
        if (workload.equals(Target.SYNTHETIC)) {
            tools.add("flyway");
        }
        String midTag = midTag(workload, db);
        try {
            prepareScripts(workload, db, scripts, midTag);
            log("   raw JDBC scripts written; rollback tag: " + midTag);
        } catch (Exception e) {
            failed(workload + " on " + db + ": dbsteps' SQL preview, so raw JDBC is left out", e);
            tools.remove("raw");
        }
        List<Database> heads = new ArrayList<>();
        try {
            // One database per tool, at head, for the no-op and rollback cells.
            Map<String, Database> head = new TreeMap<>();
            for (String tool : List.copyOf(tools)) {
                Database d = Database.create(db, dir);
                heads.add(d);
                try {
                    if (tool.equals("raw")) {
                        d.rawHead(scripts, midTag != null);
                    } else {
                        child(tool, "update", workload, d, scripts, Map.of(), "setup");
                    }
                    head.put(tool, d);
                } catch (Exception e) {
                    failed(workload + " on " + db + ", setting up " + tool + " (left out of every cell)", e);
                    tools.remove(tool);
                }
            }
            if (scenario("noop-warm")) {
                cells(tools, warmJvms, rep -> new Plan(workload, db, "noop-warm", "noop-warm",
                        Map.of("bench.warmup", String.valueOf(warmNoop / 2), "bench.iterations",
                                String.valueOf(warmNoop))), head, scripts);
            }
            if (scenario("noop-first")) {
                cells(tools, jvms, rep -> new Plan(workload, db, "noop-first", "noop", Map.of()), head, scripts);
            }
            if (scenario("update-cold")) {
                for (int rep = 1; rep <= jvms; rep++) {
                    for (String tool : rotate(tools, rep)) {
                        try (Database fresh = Database.create(db, dir)) {
                            results.add(workload, db, "update-cold", tool, rep,
                                    child(tool, "update", workload, fresh, scripts, Map.of(), "update-cold"));
                        } catch (Exception e) {
                            failed(workload + " on " + db + ", update-cold, " + tool, e);
                        }
                    }
                }
            }
            if (scenario("rollback-warm") && midTag != null) {
                List<String> rollbackTools = tools.stream().filter(t -> !t.equals("flyway")).toList();
                cells(rollbackTools, warmJvms, rep -> new Plan(workload, db, "rollback-warm", "rollback-warm",
                        Map.of("bench.tag", midTag, "bench.warmup", "1", "bench.iterations",
                                String.valueOf(warmRollback))), head, scripts);
            }
            if (scenario("phases") && workload.equals(Target.SYNTHETIC)) {
                for (int rep = 1; rep <= jvms; rep++) {
                    try (Database fresh = Database.create(db, dir)) {
                        results.add(workload, db, "phases-update", "dbsteps", rep,
                                child("dbsteps", "phases-update", workload, fresh, scripts, Map.of(), "phases"));
                    }
                    results.add(workload, db, "phases-noop", "dbsteps", rep,
                            child("dbsteps", "phases-noop", workload, head.get("dbsteps"), scripts, Map.of(), "phases"));
                    results.add(workload, db, "phases-noop-warm", "dbsteps", rep, child("dbsteps", "phases-noop-warm",
                            workload, head.get("dbsteps"), scripts, Map.of(), "phases"));
                    results.add(workload, db, "phases-rollback-warm", "dbsteps", rep, child("dbsteps",
                            "phases-rollback-warm", workload, head.get("dbsteps"), scripts, Map.of("bench.tag", midTag),
                            "phases"));
                }
            }
        } finally {
            for (Database d : heads) {
                d.close();
            }
        }
    }

    /** A cell whose JVMs all work on the tool's database at head. */
    private record Plan(String workload, String db, String scenario, String action, Map<String, String> props) {
    }

    private interface CellFactory {
        Plan cell(int rep);
    }

    private void cells(List<String> tools, int count, CellFactory factory, Map<String, Database> head,
                       Path scripts) throws Exception {
        for (int rep = 1; rep <= count; rep++) {
            Plan c = factory.cell(rep);
            for (String tool : rotate(tools, rep)) {
                try {
                    results.add(c.workload(), c.db(), c.scenario(), tool, rep,
                            child(tool, c.action(), c.workload(), head.get(tool), scripts, c.props(), c.scenario()));
                } catch (Exception e) {
                    failed(c.workload() + " on " + c.db() + ", " + c.scenario() + ", " + tool, e);
                }
            }
        }
    }

    /** The tools in a different order for each repetition, so that no tool always runs right after another. */
    private static List<String> rotate(List<String> tools, int rep) {
        List<String> out = new ArrayList<>(tools);
        java.util.Collections.rotate(out, rep);
        return out;
    }

    /** The tag a rollback returns to: the middle release tag, or {@code null} if there is only one. */
    private String midTag(String workload, String db) throws Exception {
        if (workload.equals(Target.SYNTHETIC)) {
            return Synthetic.MID_TAG;
        }
        try (Database empty = Database.create(db, dir)) {
            List<String> tags = builder(workload, empty, loader()).load().status().pending().stream()
                    .map(PendingChange::tag).filter(t -> t != null).toList();
            return tags.size() < 2 ? null : tags.get((tags.size() - 1) / 2);
        }
    }

    /**
     * Writes raw JDBC's scripts from dbsteps' own previews: the update from empty, and when there is a mid tag, the
     * rollback from head to it and the update from it back to head.
     */
    private void prepareScripts(String workload, String db, Path scripts, String midTag) throws Exception {
        try (Database empty = Database.create(db, dir)) {
            DbSteps steps = builder(workload, empty, loader()).load();
            Files.writeString(scripts.resolve("update.sql"), steps.updateSql(), StandardCharsets.UTF_8);
        }
        if (midTag != null) {
            try (Database h = Database.create(db, dir)) {
                DbSteps steps = builder(workload, h, loader()).load();
                steps.update();
                Files.writeString(scripts.resolve("rollback.sql"), steps.rollbackSql(midTag), StandardCharsets.UTF_8);
                steps.rollbackTo(midTag, DataPolicy.DISCARD);
                Files.writeString(scripts.resolve("restore.sql"), steps.updateSql(), StandardCharsets.UTF_8);
            }
        }
    }

    /** A class loader that also sees the generated synthetic changelog. */
    private ClassLoader loader() throws IOException {
        return new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, BenchRunner.class.getClassLoader());
    }

    private static DbStepsBuilder builder(String workload, Database d, ClassLoader loader) {
        DbStepsBuilder b = DbSteps.configure().url(d.url, d.user, d.password).classLoader(loader);
        return workload.equals(Target.SYNTHETIC) ? b.changelog(Synthetic.CHANGELOG, Synthetic.PREFIX)
                : b.schema(workload);
    }

    /** Runs one child JVM under GNU time and returns what it measured. */
    private Map<String, String> child(String tool, String action, String workload, Database d, Path scripts,
                                      Map<String, String> props, String label) throws Exception {
        runs++;
        String id = String.format("%04d-%s-%s-%s-%s", runs, workload, d.kind, tool, action);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Path timeFile = logs.resolve(id + ".time");
        List<String> cmd = new ArrayList<>(List.of(TIME, "-v", "-o", timeFile.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (action.startsWith("phases")) {
            cmd.add("--add-exports=java.management/sun.management=ALL-UNNAMED");
            cmd.add("--add-exports=java.management/sun.management.counter=ALL-UNNAMED");
        }
        cmd.add("-Dbench.scripts=" + scripts);
        cmd.add("-Dbench.flyway=" + dir.resolve("flyway"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        List<String> cp = new ArrayList<>(baseClasspath);
        if (tool.equals("flyway")) {
            cp.addAll(flywayClasspath);
        }
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), Cell.class.getName(),
                tool, action, workload, d.url));
        if (d.user != null) {
            cmd.add(d.user);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(logs.resolve(id + ".out").toFile())
                .redirectError(logs.resolve(id + ".err").toFile());
        if (d.password != null) {
            pb.environment().put("BENCH_DB_PASSWORD", d.password);
        }
        long spawn = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(id + " did not finish in 15 minutes");
        }
        long t1 = System.nanoTime();
        String out = Files.readString(logs.resolve(id + ".out"), StandardCharsets.UTF_8);
        String line = out.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b).orElse(null);
        if (p.exitValue() != 0 || line == null) {
            String err = Files.readString(logs.resolve(id + ".err"), StandardCharsets.UTF_8);
            throw new IllegalStateException(id + " failed (exit " + p.exitValue() + "); see " + logs + "\n"
                    + tail(out, 20) + "\n" + tail(err, 40));
        }
        Map<String, String> m = new TreeMap<>();
        for (String kv : line.substring(6).trim().split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        m.put("jvm_start_ms", String.valueOf(Long.parseLong(m.get("main_epoch_ms")) - spawn));
        m.put("runner_wall_ms", Cell.ms(t1 - t0));
        for (String l : Files.readAllLines(timeFile)) {
            String s = l.trim();
            if (s.startsWith("Elapsed (wall clock) time")) {
                m.put("wall_ms", String.valueOf(clock(s.substring(s.lastIndexOf(' ') + 1))));
            } else if (s.startsWith("Maximum resident set size (kbytes):")) {
                m.put("rss_kb", s.substring(s.lastIndexOf(' ') + 1));
            }
        }
        log(String.format(Locale.ROOT, "   %-13s %-9s #%s  call %s ms, wall %s ms", label, tool, id.substring(0, 4),
                m.getOrDefault("call_ms", m.containsKey("warm_ms") ? "[warm]" : "-"), m.get("wall_ms")));
        return m;
    }

    private void failed(String what, Exception e) {
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        failures.add(what + ": " + first);
        log("FAILED " + what + ": " + e.getMessage());
    }

    /** GNU time's "m:ss.cc" or "h:mm:ss" in milliseconds. */
    static long clock(String s) {
        String[] parts = s.split(":");
        double seconds = 0;
        for (String part : parts) {
            seconds = seconds * 60 + Double.parseDouble(part);
        }
        return Math.round(seconds * 1000);
    }

    private static String tail(String s, int lines) {
        List<String> all = s.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private void sampleLoad() {
        try {
            loads.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
        } catch (IOException | RuntimeException e) {
            // no load figure on this system
        }
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
        System.out.flush();
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " is required (run mvn -Pbench verify)");
        }
        return v;
    }

    private static List<String> classpathFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing; run the benchmark through mvn -Pbench verify");
        }
        return Arrays.stream(Files.readString(file).trim().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();
    }

    /** Copies the benchmark's classes out of the test classes, so that the children see no other test code. */
    private static void copyBenchClasses(Path to) throws IOException {
        Path from;
        try {
            from = Path.of(BenchRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        copyClasses(from, to, "io/dbsteps/bench", "");
        // the timing DataSource of the phases cells extends the tests' shared DataSource
        copyClasses(from, to, "io/dbsteps/testing", io.dbsteps.testing.TestDataSource.class.getSimpleName());
    }

    /** Copies the classes of a package whose names start with the prefix. */
    private static void copyClasses(Path from, Path to, String pkg, String prefix) throws IOException {
        Path target = to.resolve(pkg);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(from.resolve(pkg))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.toString().endsWith(".class")).toList()) {
                Files.copy(f, target.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A database for one cell or one run: a fresh PostgreSQL database or SQLite file, dropped on close. */
    static final class Database implements AutoCloseable {
        final String kind;
        final String url;
        final String user;
        final String password;
        private final AutoCloseable drop;

        private Database(String kind, String url, String user, String password, AutoCloseable drop) {
            this.kind = kind;
            this.url = url;
            this.user = user;
            this.password = password;
            this.drop = drop;
        }

        static Database create(String kind, Path dir) throws IOException {
            if (kind.equals("postgresql")) {
                TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL);
                return new Database(kind, db.url(), db.user(), db.password(), db);
            }
            if (!kind.equals("sqlite")) {
                throw new IllegalArgumentException("unknown database " + kind);
            }
            Path folder = dir.resolve("db");
            Files.createDirectories(folder);
            Path file = folder.resolve(UUID.randomUUID() + ".db");
            return new Database(kind, "jdbc:sqlite:" + file, null, null, () -> {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path p : files.filter(p -> p.getFileName().toString().startsWith(
                            file.getFileName().toString())).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            });
        }

        /** Brings the database to head with raw JDBC's scripts, and checks the rollback scripts once. */
        void rawHead(Path scripts, boolean rollback) throws Exception {
            try (Connection c = connect()) {
                RawJdbcTool.execute(c, Files.readString(scripts.resolve("update.sql")), false);
                if (rollback) {
                    RawJdbcTool.execute(c, Files.readString(scripts.resolve("rollback.sql")), true);
                    RawJdbcTool.execute(c, Files.readString(scripts.resolve("restore.sql")), false);
                }
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE " + RawJdbcTool.VERSION_TABLE + " (version VARCHAR(100) NOT NULL)");
                    st.execute("INSERT INTO " + RawJdbcTool.VERSION_TABLE + " VALUES ('head')");
                }
            }
        }

        Connection connect() throws java.sql.SQLException {
            return new Target("", url, user, password, null, null).connect();
        }

        @Override
        public void close() {
            try {
                drop.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot drop the " + kind + " database " + url, e);
            }
        }
    }

    /** What the report says about the machine. */
    record Environment(String cpu, int cores, String os, String jvm, String postgres, String sqlite, String memory) {
        static Environment probe() throws Exception {
            String cpu = lines("/proc/cpuinfo").stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
            String os = lines("/etc/os-release").stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse(System.getProperty("os.name"));
            String mem = lines("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                    .findFirst().orElse("unknown");
            String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                    + " (" + System.getProperty("java.vendor") + ")";
            String pg = "unreachable";
            PostgresServer server = PostgresServer.get();
            try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection c = db.connect();
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                         "SELECT current_setting('server_version'), current_setting('synchronous_commit'), "
                                 + "current_setting('fsync')")) {
                rs.next();
                pg = rs.getString(1) + " (" + server.source() + "; synchronous_commit=" + rs.getString(2)
                        + ", fsync=" + rs.getString(3) + ")";
            }
            String sqlite;
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                sqlite = rs.getString(1) + " (sqlite-jdbc " + c.getMetaData().getDriverVersion() + ")";
            }
            return new Environment(cpu, Runtime.getRuntime().availableProcessors(), os, jvm, pg, sqlite, mem);
        }

        private static List<String> lines(String file) {
            try {
                return Files.readAllLines(Path.of(file));
            } catch (IOException e) {
                return List.of();
            }
        }
    }

    /** Every child JVM's figures, kept in memory and appended to a CSV file as they come. */
    static final class Results {
        record Row(String workload, String db, String scenario, String tool, int rep, Map<String, String> m) {
        }

        private final Path csv;
        final List<Row> rows = new ArrayList<>();

        Results(Path csv) throws IOException {
            this.csv = csv;
            if (csv != null) {
                Files.writeString(csv, "workload,database,scenario,tool,jvm,metrics\n", StandardCharsets.UTF_8);
            }
        }

        void add(String workload, String db, String scenario, String tool, int rep, Map<String, String> m) {
            rows.add(new Row(workload, db, scenario, tool, rep, m));
            if (csv == null) {
                return;
            }
            String metrics = m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            try {
                Files.writeString(csv, String.join(",", workload, db, scenario, tool, String.valueOf(rep),
                        "\"" + metrics + "\"") + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
