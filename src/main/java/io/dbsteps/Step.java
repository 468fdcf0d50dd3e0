package io.dbsteps;

import java.time.Duration;

/**
 * One changeset that a command applied or rolled back.
 *
 * @param id       the changeset id
 * @param author   the changeset author
 * @param file     the changeset's logical file path, e.g. {@code dbsteps/codorch/1.0.yaml}
 * @param outcome  what was done with it
 * @param tag      the tag this changeset sets, or {@code null}
 * @param duration how long it took
 * @param notes    what the changeset reported while it ran, e.g. rows it could not move; usually empty
 */
public record Step(String id, String author, String file, Outcome outcome, String tag, Duration duration,
                   java.util.List<String> notes) {
    /**
     * Copies the notes so that the record stays immutable.
     *
     * @param id       the changeset id
     * @param author   the changeset author
     * @param file     the changeset's logical file path, e.g. {@code dbsteps/codorch/1.0.yaml}
     * @param outcome  what was done with it
     * @param tag      the tag this changeset sets, or {@code null}
     * @param duration how long it took
     * @param notes    what the changeset reported while it ran, e.g. rows it could not move; usually empty
     */
    public Step {
        notes = java.util.List.copyOf(notes);
    }

    /** What a command did with a changeset. */
    public enum Outcome {
        /** It ran and is now recorded as applied. */
        EXECUTED,
        /** Its precondition found the change already made (e.g. by hand), so it was recorded as applied without running. */
        MARKED_RAN,
        /** Its rollback ran and it is no longer recorded as applied. */
        ROLLED_BACK
    }
}
