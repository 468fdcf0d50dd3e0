package io.dbsteps.internal.jdbc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The DEPLOYMENT_ID of the history rows a command writes: one of its own for each command, as each run of plain
 * Liquibase gets one (Liquibase's root scope makes one per JVM otherwise, and every update of a long-running host would
 * look like one deployment), ten digits of the time in milliseconds as Liquibase writes them. An update whose first
 * changesets ran on the compiled path hands its id to the Liquibase part of the same update, so that one update is one
 * deployment whichever path wrote its rows. This class must not use Liquibase.
 */
public final class DeploymentIds {
    /** The last id given, as milliseconds, so that ids given in the same millisecond still differ. */
    private static final AtomicLong LAST = new AtomicLong();
    private static final ThreadLocal<String> CONTINUED = new ThreadLocal<>();

    private DeploymentIds() {
    }

    /** A new id; or, once, the id {@link #continueWith} handed on in this thread. */
    public static String next() {
        String continued = CONTINUED.get();
        if (continued != null) {
            CONTINUED.remove();
            return continued;
        }
        long id = LAST.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        String digits = String.valueOf(id);
        return digits.substring(digits.length() - 10);
    }

    /** Makes the next {@link #next()} in this thread return this id. */
    public static void continueWith(String id) {
        CONTINUED.set(id);
    }

    /** Forgets an id handed on and not taken. */
    public static void forget() {
        CONTINUED.remove();
    }
}
