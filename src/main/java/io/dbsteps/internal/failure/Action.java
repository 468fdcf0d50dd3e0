package io.dbsteps.internal.failure;

/**
 * What a command is doing, for its messages, and whether it is an SQL preview. A preview writes SQL as text and
 * runs none of it, so its failures say that nothing was changed.
 *
 * @param text    the action in words, e.g. "update" or "rollback to tag 1.0"
 * @param preview true for an SQL preview
 */
public record Action(String text, boolean preview) {
    /** An action that changes the database. */
    public static Action change(String text) {
        return new Action(text, false);
    }

    /** An SQL preview of the action in words, e.g. "update SQL preview". */
    public static Action preview(String text) {
        return new Action(text, true);
    }

    @Override
    public String toString() {
        return text;
    }
}
