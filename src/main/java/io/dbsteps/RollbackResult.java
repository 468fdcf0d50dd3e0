package io.dbsteps;

import java.time.Duration;
import java.util.List;

/**
 * The result of a rollback.
 *
 * @param schema   the schema (or, for a custom changelog, its tracking-table prefix)
 * @param fromTag  the newest applied tag before the rollback, or {@code null} if none
 * @param toTag    the newest applied tag after the rollback, or {@code null} if none
 * @param steps    the changesets rolled back, newest first
 * @param archives the data copied aside before it was dropped; empty when nothing with data was dropped, or when
 *                 the rollback was asked to discard it
 * @param duration how long the command took
 */
public record RollbackResult(String schema, String fromTag, String toTag, List<Step> steps, List<Archive> archives,
                             Duration duration) {
    /**
     * Copies the lists so that the record stays immutable.
     *
     * @param schema   the schema (or, for a custom changelog, its tracking-table prefix)
     * @param fromTag  the newest applied tag before the rollback, or {@code null} if none
     * @param toTag    the newest applied tag after the rollback, or {@code null} if none
     * @param steps    the changesets rolled back, newest first
     * @param archives the data copied aside before it was dropped; empty when nothing with data was dropped, or when
     *                 the rollback was asked to discard it
     * @param duration how long the command took
     */
    public RollbackResult {
        steps = List.copyOf(steps);
        archives = List.copyOf(archives);
    }
}
