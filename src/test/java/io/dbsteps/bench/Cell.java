package io.dbsteps.bench;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One child JVM of the benchmark: runs one tool's action once (cold) or repeatedly (warm) and prints one line
 * starting with {@code BENCH} that the runner reads.
 *
 * <pre>
 * java -cp ... io.dbsteps.bench.Cell TOOL ACTION WORKLOAD URL [USER]
 *   TOOL     dbsteps | liquibase | flyway | raw
 *   ACTION   update | noop | noop-warm | rollback-warm
 *            | phases-update | phases-noop | phases-noop-warm | phases-rollback-warm
 * </pre>
 *
 * The password comes from {@code BENCH_DB_PASSWORD}; {@code bench.scripts}, {@code bench.flyway},
 * {@code bench.tag}, {@code bench.warmup} and {@code bench.iterations} are system properties.
 *
 * <p>A cold call is timed from before the tool's first class is touched to its return, so it includes loading the
 * tool, the JDBC driver and everything the call uses. Allocation is the calling thread's, from
 * {@code com.sun.management.ThreadMXBean}.
 */
public final class Cell {
    private Cell() {
    }

    public static void main(String[] args) throws Exception {
        long mainEpochMs = System.currentTimeMillis();
        String toolName = args[0];
        String action = args[1];
        Target target = new Target(args[2], args[3], args.length > 4 ? args[4] : null,
                System.getenv("BENCH_DB_PASSWORD"),
                Path.of(System.getProperty("bench.scripts", ".")), Path.of(System.getProperty("bench.flyway", ".")));
        StringBuilder out = new StringBuilder("BENCH main_epoch_ms=").append(mainEpochMs);
        switch (action) {
            case "update", "noop" -> {
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
                long classes0 = classes.getTotalLoadedClassCount();
                long alloc0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                try (Tool tool = Tool.create(toolName, target)) {
                    if (action.equals("noop")) {
                        tool.noop();
                    } else {
                        tool.update();
                    }
                }
                long t1 = System.nanoTime();
                long alloc = threads.getCurrentThreadAllocatedBytes() - alloc0;
                out.append(" call_ms=").append(ms(t1 - t0)).append(" alloc_bytes=").append(alloc)
                        .append(" classes=").append(classes.getTotalLoadedClassCount() - classes0);
            }
            case "noop-warm" -> {
                List<String> times = new ArrayList<>();
                try (Tool tool = Tool.create(toolName, target)) {
                    int warmup = Integer.getInteger("bench.warmup", 10);
                    int iterations = Integer.getInteger("bench.iterations", 20);
                    for (int i = 0; i < warmup + iterations; i++) {
                        long t0 = System.nanoTime();
                        tool.noop();
                        long t1 = System.nanoTime();
                        if (i >= warmup) {
                            times.add(ms(t1 - t0));
                        }
                    }
                }
                out.append(" warm_ms=").append(String.join(",", times));
            }
            case "rollback-warm" -> {
                List<String> times = new ArrayList<>();
                String tag = System.getProperty("bench.tag");
                try (Tool tool = Tool.create(toolName, target)) {
                    int warmup = Integer.getInteger("bench.warmup", 2);
                    int iterations = Integer.getInteger("bench.iterations", 5);
                    for (int i = 0; i < warmup + iterations; i++) {
                        long t0 = System.nanoTime();
                        tool.rollback(tag);
                        long t1 = System.nanoTime();
                        tool.restore();
                        if (i >= warmup) {
                            times.add(ms(t1 - t0));
                        }
                    }
                }
                out.append(" warm_ms=").append(String.join(",", times));
            }
            case "phases-update", "phases-noop", "phases-noop-warm", "phases-rollback-warm" ->
                    Phases.run(target, action.substring("phases-".length()), out);
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
        System.out.flush();
        System.out.println(out);
        System.out.flush();
        // Some tools leave non-daemon threads behind (analytics, pools); a host would go on running, so end here.
        System.exit(0);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
