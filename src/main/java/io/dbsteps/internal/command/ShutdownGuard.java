package io.dbsteps.internal.command;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Keeps a guarded release's promise when the process is asked to stop (SIGTERM, Ctrl-C, {@code System.exit}) while
 * it runs: a shutdown hook marks the release as stopping, which cancels a running health check, and then holds the
 * process until the release has rolled back (or, if it cannot within {@link #WAIT}, until the process goes; the
 * release then stays recorded as unverified, and the next run of the release finishes its guard). A process killed
 * outright (SIGKILL) runs no hook: its unverified record is all that is left, which is what it is for.
 */
public final class ShutdownGuard implements AutoCloseable {
    /** The longest the hook holds the process for the rollback. */
    public static final long WAIT = TimeUnit.MINUTES.toMillis(5);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean stopping;

    public ShutdownGuard(String schema, String target) {
        hook = new Thread(() -> {
            stopping = true;
            LoggerFactory.getLogger(ShutdownGuard.class).warn("Schema {}: the process is stopping during the release "
                    + "of {}; the release is rolled back before it exits.", schema, target);
            try {
                finished.await(WAIT, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dbsteps-release-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once the process has been asked to stop. */
    public boolean stopping() {
        return stopping;
    }

    /** The release is over: the hook lets the process go, and is removed if the process is not stopping. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stoppingAlready) {
            // the hook is running, and returns now that the release is over
        }
    }
}
