package io.dbsteps.internal.config;

import java.time.Duration;

/**
 * The bounds of every duration dbsteps accepts (lock waits, health-check timeouts, table-lock timeouts). A duration
 * beyond a day is refused as a mistake (a value in the wrong unit, or an overflow such as 9300000000000000 seconds)
 * before anything runs: every wait must end within a time a person would wait.
 */
public final class Durations {
    public static final Duration MAX = Duration.ofDays(1);

    private Durations() {
    }

    /**
     * Null if the duration is within (0 or a millisecond, a day]; otherwise what is wrong with it, as a sentence part.
     *
     * @param zeroAllowed whether zero is a valid value (e.g. a lock wait of zero fails at once)
     */
    public static String problem(Duration d, boolean zeroAllowed) {
        if (d == null) {
            return "it is null";
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            return "it must be " + (zeroAllowed ? "zero or positive" : "positive") + ", not " + d;
        }
        if (!zeroAllowed && d.compareTo(Duration.ofMillis(1)) < 0) {
            return "it must be at least one millisecond, not " + d;
        }
        if (d.compareTo(MAX) > 0) {
            return "it must be at most a day (PT24H), not " + d.getSeconds() + " seconds";
        }
        return null;
    }
}
