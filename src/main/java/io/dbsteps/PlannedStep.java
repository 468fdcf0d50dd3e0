package io.dbsteps;

import java.util.List;

/**
 * One changeset a rollback would undo.
 *
 * @param id           the changeset id
 * @param author       the changeset author
 * @param file         its logical file path
 * @param sql          the SQL its rollback runs
 * @param opaque       true if part of that SQL is raw SQL, whose effect dbsteps knows only by reading it
 * @param fromUndoStore true if this changeset is not in the changelog and its rollback SQL comes from the SQL
 *                     stored when it was applied
 * @param drops        the data it would drop
 * @param outsideTransaction true if the changeset is marked {@code runInTransaction: false}: the rollback then
 *                     cannot be one transaction, and each changeset commits on its own
 * @param markedRan    true if the changeset was marked ran, not run: its precondition found its objects already
 *                     there, so dbsteps did not create what its rollback drops (such steps are refused by default,
 *                     see {@link MarkedRanPolicy})
 */
public record PlannedStep(String id, String author, String file, List<String> sql, boolean opaque,
                          boolean fromUndoStore, List<DroppedData> drops, boolean outsideTransaction,
                          boolean markedRan) {
    /**
     * Copies the lists so that the record stays immutable.
     *
     * @param id           the changeset id
     * @param author       the changeset author
     * @param file         its logical file path
     * @param sql          the SQL its rollback runs
     * @param opaque       true if part of that SQL is raw SQL, whose effect dbsteps knows only by reading it
     * @param fromUndoStore true if this changeset is not in the changelog and its rollback SQL comes from the SQL
     *                     stored when it was applied
     * @param drops        the data it would drop
     * @param outsideTransaction true if the changeset is marked {@code runInTransaction: false}
     * @param markedRan    true if the changeset was marked ran, not run
     */
    public PlannedStep {
        sql = List.copyOf(sql);
        drops = List.copyOf(drops);
    }

    /**
     * A step that runs inside the rollback's transaction.
     *
     * @param id           the changeset id
     * @param author       the changeset author
     * @param file         its logical file path
     * @param sql          the SQL its rollback runs
     * @param opaque       true if part of that SQL is raw SQL, whose effect dbsteps knows only by reading it
     * @param fromUndoStore true if its rollback SQL comes from the SQL stored when it was applied
     * @param drops        the data it would drop
     */
    public PlannedStep(String id, String author, String file, List<String> sql, boolean opaque,
                       boolean fromUndoStore, List<DroppedData> drops) {
        this(id, author, file, sql, opaque, fromUndoStore, drops, false, false);
    }
}
