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

    /**
     * @return true if the rollback runs as one transaction, so that a failure changes nothing; false if a step is
     *         marked {@code runInTransaction: false}, so that each changeset commits on its own
     */
    public boolean oneTransaction() {
        return steps.stream().noneMatch(PlannedStep::outsideTransaction);
    }

    /**
     * Identifies what this plan would run: the schema, the current tag, and each step's changeset and SQL (not the
     * row counts, which any write changes). Pass the plan to {@link DbSteps#rollback(RollbackPlan, DataPolicy)} and the
     * rollback runs only if it would run exactly this.
     *
     * @return a SHA-256 of what this plan runs, in hex
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        text.append(schema).append('\u0000').append(fromTag);
        for (PlannedStep step : steps) {
            text.append('\u0001').append(step.file()).append("::").append(step.id()).append("::").append(step.author())
                    .append('\u0000').append(step.fromUndoStore()).append('\u0000').append(step.outsideTransaction());
            step.sql().forEach(sql -> text.append('\u0002').append(sql));
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
