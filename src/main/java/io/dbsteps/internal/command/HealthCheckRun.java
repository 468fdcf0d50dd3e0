package io.dbsteps.internal.command;

import io.dbsteps.internal.config.ConnectionSource;

import io.dbsteps.HealthCheck;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a release's health check on a thread of its own and waits for it at most the timeout, or until the process is
 * asked to stop. A check still running then is cancelled: its thread is interrupted and, for
 * {@link HealthCheck#sql(String)}, its statement cancelled (it also ran under a {@code statement_timeout}), so the
 * rollback that follows does not queue behind it.
 */
public final class HealthCheckRun {
    private static final long POLL_MS = 50;

    private HealthCheckRun() {
    }

    /** Null if the check passed in time; otherwise why the release failed. */
    public static String run(HealthCheck check, Duration timeout, ConnectionSource source, ShutdownGuard guard) {
        SqlCheckRun sql = check instanceof HealthCheck.Sql s ? new SqlCheckRun(s.query()) : null;
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dbsteps-health-check");
            t.setDaemon(true);
            return t;
        });
        Future<Boolean> answer = runner.submit(() -> sql != null ? sql.run(source, timeout) : check.healthy());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (guard.stopping()) {
                    cancel(answer, sql);
                    return "the process was asked to stop during the health check, which was cancelled";
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    cancel(answer, sql);
                    return "the health check did not answer within " + timeout.toMillis() + " ms and was cancelled";
                }
                try {
                    return Boolean.TRUE.equals(answer.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)),
                            TimeUnit.NANOSECONDS)) ? null : "the health check reported the release unhealthy";
                } catch (TimeoutException stillRunning) {
                    // poll again: the deadline and a stop request are checked above
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (sql != null && System.nanoTime() >= deadline) {
                return "the health check did not answer within " + timeout.toMillis() + " ms and was cancelled ("
                        + cause.getMessage() + ")";
            }
            return "the health check failed: " + cause;
        } catch (InterruptedException e) {
            cancel(answer, sql);
            Thread.currentThread().interrupt();
            return "the release was interrupted during the health check, which was cancelled";
        } finally {
            runner.shutdownNow();
        }
    }

    private static void cancel(Future<Boolean> answer, SqlCheckRun sql) {
        if (sql != null) {
            sql.cancel();
        }
        answer.cancel(true);
    }
}
