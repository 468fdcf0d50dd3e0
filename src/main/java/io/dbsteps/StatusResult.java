package io.dbsteps;

import java.util.List;

/**
 * What an update would apply.
 *
 * @param schema     the schema
 * @param currentTag the newest applied tag, or {@code null} if none
 * @param pending    the changesets not yet applied, in the order an update would apply them
 */
public record StatusResult(String schema, String currentTag, List<PendingChange> pending) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param pending    the changesets not yet applied, in the order an update would apply them
     */
    public StatusResult {
        pending = List.copyOf(pending);
    }

    /** @return true if nothing is pending */
    public boolean upToDate() {
        return pending.isEmpty();
    }
}
