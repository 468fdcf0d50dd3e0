package io.dbsteps;

/** What a rollback does with the data in the tables and columns it drops. */
public enum DataPolicy {
    /** Copy it into {@code dbsteps_archive_*} tables in the same transaction as the drop. The default. */
    ARCHIVE,
    /** Drop it. Only when asked for explicitly. */
    DISCARD
}
