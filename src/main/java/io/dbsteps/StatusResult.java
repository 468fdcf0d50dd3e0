package io.dbsteps;

import java.util.List;

/**
 * What an update would apply.
 *
 * @param schema     the schema
 * @param currentTag the newest applied tag, or {@code null} if none
 * @param pending    the changesets not yet applied, in the order an update would apply them
 * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
 */
public record StatusResult(String schema, String currentTag, List<PendingChange> pending,
                           UnverifiedRelease unverified) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param pending    the changesets not yet applied, in the order an update would apply them
     * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
     */
    public StatusResult {
        pending = List.copyOf(pending);
    }

    /**
     * A status without an unverified release.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param pending    the changesets not yet applied, in the order an update would apply them
     */
    public StatusResult(String schema, String currentTag, List<PendingChange> pending) {
        this(schema, currentTag, pending, null);
    }

    /** @return true if nothing is pending */
    public boolean upToDate() {
        return pending.isEmpty();
    }
}
