package io.dbsteps;

/**
 * What a rollback does with a changeset that was marked ran: its precondition found its object already there, so
 * dbsteps did not create that object, and undoing the changeset would drop something dbsteps did not make.
 */
public enum MarkedRanPolicy {
    /** The default: a rollback that would drop an object through a marked-ran changeset is refused before it runs. */
    REFUSE,
    /** Marked-ran changesets are undone like any other, dropping the objects they found. */
    UNDO
}
