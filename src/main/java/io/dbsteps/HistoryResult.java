package io.dbsteps;

import java.util.List;

/**
 * The changesets applied to the database, oldest first.
 *
 * @param schema     the schema
 * @param currentTag the newest applied tag, or {@code null} if none
 * @param applied    the applied changesets in the order they were applied
 */
public record HistoryResult(String schema, String currentTag, List<AppliedChange> applied) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param applied    the applied changesets in the order they were applied
     */
    public HistoryResult {
        applied = List.copyOf(applied);
    }
}
