package io.dbsteps;

import java.time.Duration;

/**
 * The result of a guarded release.
 *
 * @param schema   the schema
 * @param tag      the release tag that was the target
 * @param safeTag  the tag of the state before the release, which a failed release returns to; {@code null} if
 *                 the database was empty
 * @param outcome  what happened
 * @param reason   why the release was rolled back, or {@code null} if it was not
 * @param update   what the update applied, or {@code null} if the update failed (the rollback then lists what it
 *                 had applied before it failed, and undid)
 * @param rollback what the rollback undid and archived, or {@code null} if there was none
 * @param duration how long the whole release took
 * @param resumed  true if this run finished the guard of an earlier run of the same release that had stopped
 *                 before its health check passed (see {@link UnverifiedRelease})
 */
public record ReleaseResult(String schema, String tag, String safeTag, Outcome outcome, String reason,
                            UpdateResult update, RollbackResult rollback, Duration duration, boolean resumed) {

    /** How a guarded release ended. */
    public enum Outcome {
        /** The update and the health check passed; the database is at the release tag. */
        RELEASED,
        /** The update or the health check failed; the database is back at the safe tag. */
        ROLLED_BACK,
        /** The database was already at the release tag, and that release is not unverified: nothing ran. */
        NOTHING_TO_DO
    }
}
