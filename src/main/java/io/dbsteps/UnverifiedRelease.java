package io.dbsteps;

import java.time.Instant;

/**
 * A guarded release whose update has (at least partly) run but whose health check has not passed: its process died
 * or was stopped during the update or the check. Rerun the release of the same tag to finish its guard (it checks
 * again, and rolls back to {@code preReleaseTag} if the check fails), or roll back to {@code preReleaseTag}.
 *
 * @param target        the release tag it updates to
 * @param preReleaseTag the tag the database was at before it, which a failed check returns to; {@code null} if the
 *                      database was empty
 * @param startedAt     when it recorded its intent, before its update
 * @param owner         the process that ran it, as {@code pid@host}
 */
public record UnverifiedRelease(String target, String preReleaseTag, Instant startedAt, String owner) {
    /** @return one line for messages: the target, the pre-release tag and when it started */
    public String describe() {
        return "the release of " + target + " (from " + (preReleaseTag == null ? "an empty database" : "tag "
                + preReleaseTag) + ", started " + startedAt + " by " + owner + ") is unverified";
    }
}
