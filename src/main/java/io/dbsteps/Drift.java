package io.dbsteps;

/**
 * One difference between the schema a database should have and the one it has.
 *
 * @param kind     missing, extra, or changed
 * @param object   the object, e.g. {@code table/users/column/email} or {@code table/users/index/ix_users_email}
 * @param expected its expected definition, or {@code null} if it should not exist
 * @param actual   its actual definition, or {@code null} if it does not exist
 */
public record Drift(Kind kind, String object, String expected, String actual) {

    /** The kinds of difference. */
    public enum Kind {
        /** Expected but absent. */
        MISSING,
        /** Present but not expected. */
        EXTRA,
        /** Present with another definition. */
        CHANGED
    }

    @Override
    public String toString() {
        return switch (kind) {
            case MISSING -> "missing:    " + object + " = " + expected;
            case EXTRA -> "extra:      " + object + " = " + actual;
            case CHANGED -> "changed:    " + object + ": " + expected + " -> " + actual;
        };
    }
}
