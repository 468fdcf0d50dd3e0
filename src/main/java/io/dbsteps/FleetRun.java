package io.dbsteps;

import io.dbsteps.internal.config.WorkerConnections;
import io.dbsteps.internal.command.Elapsed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one command over a fleet's targets, at most {@code parallelism} at once, in the targets' order. With
 * failFast, the first failure stops targets from starting (they are {@code SKIPPED}); targets already running are
 * never interrupted, since an update interrupted half-way is what the guard exists to avoid.
 */
final class FleetRun {
    private FleetRun() {
    }

    static FleetResult run(String schema, String operation, String goal, List<FleetTarget> targets, int parallelism,
                           boolean failFast, Consumer<TargetResult> listener,
                           Function<FleetTarget, TargetResult> work) {
        long start = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        Object listenerTurn = new Object();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, targets.size()), r -> {
            // each worker keeps its connection between targets that are namespaces of one database
            Thread t = new Thread(() -> WorkerConnections.around(r), "dbsteps-fleet-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<TargetResult>> futures = new ArrayList<>();
        try {
            for (FleetTarget target : targets) {
                futures.add(pool.submit(() -> {
                    long began = System.nanoTime();
                    TargetResult r = stop.get() ? target.result(TargetResult.Outcome.SKIPPED, null, null, 0, began,
                            null, "not started: an earlier target failed, and this fleet stops at the first failure")
                            : attempt(target, work, began);
                    if (failFast && r.outcome() == TargetResult.Outcome.FAILED) {
                        stop.set(true);
                    }
                    if (listener != null) {
                        synchronized (listenerTurn) {
                            try {
                                listener.accept(r);
                            } catch (RuntimeException e) { // the host's listener; the target's result stands
                                org.slf4j.LoggerFactory.getLogger(FleetRun.class).warn(
                                        "The fleet's onTargetDone listener failed on target {}: {}", r.target(), e);
                            }
                        }
                    }
                    return r;
                }));
            }
        } finally {
            pool.shutdown();
        }
        List<TargetResult> results = new ArrayList<>();
        boolean interrupted = false;
        for (Future<TargetResult> f : futures) {
            while (true) {
                try {
                    results.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // targets that started finish; the others are skipped
                    stop.set(true);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a fleet task failed outside its target's guard", e.getCause());
                }
            }
        }
        try { // the workers close the connections they kept before the result is returned
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new FleetResult(schema, operation, goal, results, Elapsed.since(start));
    }

    /** The target's result; a failure no command translated (a listener or a bug) becomes a failed result. */
    private static TargetResult attempt(FleetTarget target, Function<FleetTarget, TargetResult> work, long began) {
        try {
            return work.apply(target);
        } catch (DbStepsException e) {
            return target.failed(e, began, null, null);
        } catch (RuntimeException e) {
            return target.result(TargetResult.Outcome.FAILED, null, null, 0, began, ErrorCode.DATABASE_ERROR,
                    "the command failed unexpectedly: " + e);
        }
    }
}
