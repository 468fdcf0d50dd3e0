package io.dbsteps;

import java.time.Duration;
import java.util.List;

/**
 * The result of an update.
 *
 * @param schema   the schema (or, for a custom changelog, its tracking-table prefix)
 * @param fromTag  the newest applied tag before the update, or {@code null} if none
 * @param toTag    the newest applied tag after the update, or {@code null} if none
 * @param steps    the changesets applied, in order; empty when the database was up to date
 * @param duration how long the command took
 */
public record UpdateResult(String schema, String fromTag, String toTag, List<Step> steps, Duration duration) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema   the schema (or, for a custom changelog, its tracking-table prefix)
     * @param fromTag  the newest applied tag before the update, or {@code null} if none
     * @param toTag    the newest applied tag after the update, or {@code null} if none
     * @param steps    the changesets applied, in order; empty when the database was up to date
     * @param duration how long the command took
     */
    public UpdateResult {
        steps = List.copyOf(steps);
    }

    /** @return true if nothing was pending */
    public boolean upToDate() {
        return steps.isEmpty();
    }
}
