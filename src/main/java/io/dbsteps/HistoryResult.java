package io.dbsteps;

import java.util.List;

/**
 * The changesets applied to the database, oldest first.
 *
 * @param schema     the schema
 * @param currentTag the newest applied tag, or {@code null} if none
 * @param applied    the applied changesets in the order they were applied
 * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
 * @param emptyStateTags names given with {@link DbSteps#tag(String)} to the state before the first changeset; a
 *                   rollback to one undoes every changeset
 */
public record HistoryResult(String schema, String currentTag, List<AppliedChange> applied,
                            UnverifiedRelease unverified, List<String> emptyStateTags) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param applied    the applied changesets in the order they were applied
     * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
     * @param emptyStateTags names of the state before the first changeset
     */
    public HistoryResult {
        applied = List.copyOf(applied);
        emptyStateTags = List.copyOf(emptyStateTags);
    }

    /**
     * A history without names of the empty state.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param applied    the applied changesets in the order they were applied
     * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
     */
    public HistoryResult(String schema, String currentTag, List<AppliedChange> applied, UnverifiedRelease unverified) {
        this(schema, currentTag, applied, unverified, List.of());
    }

    /**
     * A history without an unverified release.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param applied    the applied changesets in the order they were applied
     */
    public HistoryResult(String schema, String currentTag, List<AppliedChange> applied) {
        this(schema, currentTag, applied, null);
    }
}
