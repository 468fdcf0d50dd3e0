package io.dbsteps;

import java.util.List;

/**
 * What a rollback would do, worked out without changing anything. Every step in it can be undone; a rollback that
 * cannot be done completely is refused instead of planned.
 *
 * @param schema  the schema
 * @param fromTag the current tag, or {@code null}
 * @param toTag   the tag the rollback ends at, or {@code null} if it ends with no tag
 * @param steps   the changesets to undo, newest first
 */
public record RollbackPlan(String schema, String fromTag, String toTag, List<PlannedStep> steps) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema  the schema
     * @param fromTag the current tag, or {@code null}
     * @param toTag   the tag the rollback ends at, or {@code null} if it ends with no tag
     * @param steps   the changesets to undo, newest first
     */
    public RollbackPlan {
        steps = List.copyOf(steps);
    }

    /** @return every piece of data the rollback would drop, with its live count */
    public List<DroppedData> drops() {
        return steps.stream().flatMap(s -> s.drops().stream()).toList();
    }
}
