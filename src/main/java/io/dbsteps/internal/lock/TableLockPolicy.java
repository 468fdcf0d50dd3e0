package io.dbsteps.internal.lock;

import java.time.Duration;

/**
 * How a changeset's statements wait for table locks that other sessions hold, on PostgreSQL: each attempt waits at
 * most {@code timeout} ({@code lock_timeout}), and a statement that timed out is tried again up to {@code retries}
 * times, after a pause that doubles from {@code backoff}. A statement queued for an ACCESS EXCLUSIVE lock blocks every
 * query of that table behind it, so short attempts keep the application's queries moving.
 *
 * @param timeout the longest wait of one attempt
 * @param retries how many more attempts after the first
 * @param backoff the pause before the first retry; each later pause doubles, up to ten times this
 */
public record TableLockPolicy(Duration timeout, int retries, Duration backoff) {
    public static final TableLockPolicy DEFAULT = new TableLockPolicy(Duration.ofSeconds(2), 5, Duration.ofSeconds(1));

    /** The pause before retry {@code n} (from 1). */
    public Duration pause(int n) {
        long ms = backoff.toMillis() << Math.min(n - 1, 20);
        return Duration.ofMillis(Math.min(ms, backoff.toMillis() * 10));
    }

    /** The longest the attempts and pauses can take together, for messages. */
    public Duration worstCase() {
        Duration total = timeout.multipliedBy(retries + 1L);
        for (int n = 1; n <= retries; n++) {
            total = total.plus(pause(n));
        }
        return total;
    }
}
