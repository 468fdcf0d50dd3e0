package io.dbsteps.bench;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time of a dbsteps call goes, in a fresh JVM: the first call (cold), or warm calls after a few untimed
 * ones. Three measurements, exclusive of each other:
 * <ul>
 *   <li>time inside the JDBC driver (connecting, statements, result sets, metadata), through a timing DataSource;</li>
 *   <li>the JVM's class loading, linking, verification and static initialisation, from HotSpot's own counters
 *       ({@code sun.cls.*.self}, read through {@code sun.management}; the child runs with {@code --add-exports});</li>
 *   <li>the rest, Java code running, divided among code areas in proportion to JFR execution samples of the
 *       calling thread taken every millisecond (samples inside the driver or class loading are left out, they are
 *       measured above).</li>
 * </ul>
 * JFR and the counters add some overhead, so the call takes longer here than in the timed cells; the shares are
 * what this run is for.
 */
final class Phases {
    /** Code areas, matched against a sample's whole stack in this order; the first that matches takes it. */
    private static final String[][] AREAS = {
        {"jdbc", "io.dbsteps.bench.TimingDataSource", "org.postgresql.", "org.sqlite."},
        {"class loading", "java.lang.ClassLoader.loadClass", "java.lang.ClassLoader.defineClass",
            "jdk.internal.loader.", "java.lang.Class.forName", "java.net.URLClassLoader"},
        {"analytics", "liquibase.analytics."},
        {"changelog parsing", "liquibase.parser.", "org.yaml.snakeyaml.", "liquibase.changelog.DatabaseChangeLog.load",
            "liquibase.changelog.DatabaseChangeLog.include", "liquibase.changelog.DatabaseChangeLog.handle"},
        {"checksums", "liquibase.change.CheckSum", "liquibase.changelog.ChangeSet.generateCheckSum",
            "liquibase.change.AbstractChange.generateCheckSum"},
        {"lock", "liquibase.lockservice.", "io.dbsteps.ext.DbStepsLockService", "io.dbsteps.internal.lock."},
        {"tracking table", "liquibase.changelog.StandardChangeLogHistoryService", "io.dbsteps.internal.liquibase.HistoryTable",
            "liquibase.changelog.AbstractChangeLogHistoryService"},
        {"database snapshot", "liquibase.snapshot.", "liquibase.structure."},
        {"SQL generation", "liquibase.sqlgenerator.", "liquibase.change.core.", "liquibase.statement."},
        {"logging", "liquibase.logging.", "org.slf4j.", "io.dbsteps.internal.liquibase.Slf4jLogService", "java.util.logging."},
        {"service lookup, scope and configuration", "liquibase.servicelocator.", "java.util.ServiceLoader",
            "liquibase.configuration.", "liquibase.plugin.", "liquibase.Scope.get", "liquibase.Scope.<init>",
            "liquibase.Scope.enter", "liquibase.Scope.exit", "liquibase.command.CommandScope.<init>",
            "liquibase.database.DatabaseFactory", "liquibase.change.ChangeFactory", "liquibase.ui."},
        {"changeset execution", "liquibase.executor.", "liquibase.changelog.visitor.",
            "liquibase.changelog.ChangeSet.execute", "liquibase.changelog.ChangeLogIterator",
            "liquibase.command."},
        {"dbsteps", "io.dbsteps."},
    };

    private Phases() {
    }

    /**
     * Measures one call, or for the warm modes the timed calls after a few untimed ones, and appends the figures
     * per call to {@code out}.
     *
     * @param mode {@code update} or {@code noop} (a cold first call), {@code noop-warm} or {@code rollback-warm}
     */
    static void run(Target target, String mode, StringBuilder out) throws Exception {
        ClassLoadCounters counters = new ClassLoadCounters();
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
        recording.enable("jdk.ObjectAllocationSample").with("throttle", "5000/s").withStackTrace();
        recording.start();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        TimingDataSource ds = new TimingDataSource(target, counters::loadNanos);
        Thread caller = Thread.currentThread();
        List<Instant[]> windows = new ArrayList<>();
        long[] sums = new long[6]; // call, jdbc, connect, class loading, static initialisers, bytes allocated
        int[] calls = new int[1];
        boolean warm = mode.endsWith("-warm");
        int warmup = warm ? 5 : 0;
        int timed = warm ? (mode.startsWith("rollback") ? 3 : 10) : 1;
        String tag = System.getProperty("bench.tag");
        Tool tool = null;
        for (int i = 0; i < warmup + timed; i++) {
            boolean measured = i >= warmup;
            long jdbc0 = ds.jdbcNanos();
            long connect0 = ds.connectNanos();
            int calls0 = ds.calls();
            long load0 = counters.loadNanos();
            long init0 = counters.initNanos();
            long alloc0 = threads.getCurrentThreadAllocatedBytes();
            Instant i0 = Instant.now();
            long t0 = System.nanoTime();
            if (tool == null) {
                tool = new DbStepsTool(target, ds);
            }
            switch (mode) {
                case "update" -> tool.update();
                case "noop", "noop-warm" -> tool.noop();
                case "rollback-warm" -> tool.rollback(tag);
                default -> throw new IllegalArgumentException("unknown phase mode " + mode);
            }
            long t1 = System.nanoTime();
            Instant i1 = Instant.now();
            long alloc1 = threads.getCurrentThreadAllocatedBytes();
            if (measured) {
                sums[5] += alloc1 - alloc0;
                windows.add(new Instant[] {i0, i1});
                sums[0] += t1 - t0;
                sums[1] += ds.jdbcNanos() - jdbc0;
                sums[2] += ds.connectNanos() - connect0;
                sums[3] += counters.loadNanos() - load0;
                sums[4] += counters.initNanos() - init0;
                calls[0] += ds.calls() - calls0;
            }
            if (mode.equals("rollback-warm")) {
                tool.restore();
            }
        }
        recording.stop();
        Path file = Files.createTempFile("bench-phases", ".jfr");
        recording.dump(file);
        recording.close();

        Map<String, Integer> samples = new LinkedHashMap<>();
        for (String[] area : AREAS) {
            samples.put(area[0], 0);
        }
        samples.put("other", 0);
        Map<String, Long> allocated = new LinkedHashMap<>();
        for (String area : samples.keySet()) {
            allocated.put(area, 0L);
        }
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("jdk.ObjectAllocationSample") && e.getStackTrace() != null
                    && e.getThread() != null && e.getThread().getJavaThreadId() == caller.getId()
                    && windows.stream().anyMatch(w -> !e.getStartTime().isBefore(w[0])
                            && !e.getStartTime().isAfter(w[1]))) {
                allocated.merge(area(e.getStackTrace().getFrames()), e.getLong("weight"), Long::sum);
                continue;
            }
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getThread("sampledThread") == null
                    || e.getThread("sampledThread").getJavaThreadId() != caller.getId()
                    || windows.stream().noneMatch(w -> !e.getStartTime().isBefore(w[0])
                            && !e.getStartTime().isAfter(w[1]))) {
                continue;
            }
            samples.merge(area(e.getStackTrace().getFrames()), 1, Integer::sum);
        }
        Files.deleteIfExists(file);

        out.append(" calls_measured=").append(timed)
                .append(" call_ms=").append(Cell.ms(sums[0] / timed))
                .append(" jdbc_ms=").append(Cell.ms(sums[1] / timed))
                .append(" connect_ms=").append(Cell.ms(sums[2] / timed))
                .append(" jdbc_calls=").append(calls[0] / timed)
                .append(" classload_ms=").append(Cell.ms(sums[3] / timed))
                .append(" clinit_ms=").append(Cell.ms(sums[4] / timed));
        out.append(" alloc_bytes=").append(sums[5] / timed);
        samples.forEach((area, n) -> out.append(" sample.").append(area.replace(' ', '_').replace(",", ""))
                .append('=').append(n));
        allocated.forEach((area, n) -> out.append(" allocated.").append(area.replace(' ', '_').replace(",", ""))
                .append('=').append(n / timed));
    }

    private static String area(List<RecordedFrame> frames) {
        for (String[] area : AREAS) {
            for (RecordedFrame f : frames) {
                String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                for (int i = 1; i < area.length; i++) {
                    if (name.startsWith(area[i])) {
                        return area[0];
                    }
                }
            }
        }
        return "other";
    }

    /** HotSpot's class-loading timers (nanoseconds on Linux), each exclusive of the events nested in it. */
    static final class ClassLoadCounters {
        private static final List<String> LOAD = List.of("sun.cls.appClassLoadTime.self",
                "sun.cls.defineAppClassTime.self", "sun.cls.classLinkedTime.self", "sun.cls.classVerifyTime.self",
                "sun.cls.sysClassLoadTime", "sun.cls.sharedClassLoadTime");
        private static final String INIT = "sun.cls.classInitTime.self";
        private final Map<String, Object> counters = new LinkedHashMap<>();
        private final Method value;

        ClassLoadCounters() throws Exception {
            Object mbean = Class.forName("sun.management.ManagementFactoryHelper")
                    .getMethod("getHotspotClassLoadingMBean").invoke(null);
            Method list = Class.forName("sun.management.HotspotClassLoadingMBean")
                    .getMethod("getInternalClassLoadingCounters");
            Class<?> counter = Class.forName("sun.management.counter.Counter");
            Method name = counter.getMethod("getName");
            value = counter.getMethod("getValue");
            for (Object c : (List<?>) list.invoke(mbean)) {
                counters.put((String) name.invoke(c), c);
            }
        }

        long loadNanos() {
            long sum = 0;
            for (String n : LOAD) {
                sum += read(n);
            }
            return sum;
        }

        long initNanos() {
            return read(INIT);
        }

        private long read(String name) {
            Object c = counters.get(name);
            if (c == null) {
                return 0;
            }
            try {
                return ((Number) value.invoke(c)).longValue();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
