package io.dbsteps;

/**
 * What went wrong, as a stable code a host can act on. Every {@link DbStepsException} carries one.
 */
public enum ErrorCode {
    /**
     * The configuration is incomplete or contradictory (no database, or two of them; a null or empty builder
     * argument; a URL no JDBC driver accepts), or names something the database does not have, such as a
     * {@code currentSchema} that does not exist.
     */
    INVALID_CONFIGURATION,
    /**
     * An argument of a command is null, empty, out of range or malformed: e.g. a tag name that is not a plain
     * identifier, or a rollback count larger than the number of applied changesets.
     */
    INVALID_ARGUMENT,
    /** The schema name is not one of the schemas shipped in the jar. */
    UNKNOWN_SCHEMA,
    /** The changelog could not be found on the classpath. */
    CHANGELOG_NOT_FOUND,
    /** The changelog could not be parsed or does not validate. */
    INVALID_CHANGELOG,
    /**
     * No connection to the database could be opened (host, port, database, user or password wrong, server down,
     * SQLite file or folder missing), or the connection broke while a command ran.
     */
    CONNECTION_FAILED,
    /** The tag is neither in the changelog nor in the database history. */
    UNKNOWN_TAG,
    /** The tag exists in the changelog but has not been applied to this database. */
    TAG_NOT_APPLIED,
    /**
     * A rollback cannot be done as asked: a step has no rollback, is unknown to the changelog with no stored SQL, or
     * is excluded by the configured contexts. (A count larger than the history is {@link #INVALID_ARGUMENT}.)
     */
    ROLLBACK_IMPOSSIBLE,
    /** An applied changeset was edited after it was applied. */
    CHECKSUM_MISMATCH,
    /** Another process holds this schema's lock. */
    LOCKED,
    /** The live schema differs from the schema the changelog expects at that state. */
    DRIFT,
    /**
     * There is no expected schema to compare with: no snapshot is shipped for the state, and replaying its changesets
     * failed, or the history records a changeset the changelog does not have.
     */
    NO_EXPECTED_SCHEMA,
    /** A changeset's precondition stopped the command before the changeset ran, e.g. rows that would not fit. */
    PRECONDITION_FAILED,
    /** A changeset failed while it was applied or rolled back. */
    CHANGESET_FAILED,
    /**
     * The database user may not do what the command needs, e.g. create or write the schema's tables or its
     * tracking tables, or the database was opened read-only (a read-only role, {@code readOnly=true}, SQLite's
     * read-only open mode). Connect as a user that may change the schema, on a connection that may write.
     */
    PERMISSION_DENIED,
    /** Any other database error. */
    DATABASE_ERROR,
    /**
     * The schema's lock could not be taken for a reason other than another holder, so waiting would not help: e.g.
     * SQLite's lock file beside the database cannot be created or opened (permissions, a read-only directory), or the
     * lock table cannot be created. The message says which, and what to change.
     */
    LOCK_UNAVAILABLE,
    /**
     * The database changed between the plan a caller was shown and the run: the rollback that would run now is not
     * the one planned. Nothing was changed; plan again.
     */
    PLAN_CHANGED,
    /**
     * A guarded release's health check has not passed: its process died or was stopped during the update or the
     * check. An update refuses to build on it unless allowed; rerun the release to finish its guard.
     */
    UNVERIFIED_RELEASE,
    /**
     * A changeset waited too long for a table lock that another session holds (PostgreSQL), after every retry. The
     * message names the sessions holding the lock; the blocked changeset changed nothing.
     */
    TABLE_LOCKED,
    /**
     * An update would mark a changeset ran (its precondition found its work done) although the existing object does
     * not have the shape the changeset gives it, or that shape cannot be known. Nothing ran.
     */
    ADOPTION_REFUSED,
    /**
     * A command would alter, mark, archive or drop an object that another dbsteps schema (or another Liquibase
     * changelog) in the same namespace owns. Nothing ran; give each schema a namespace or database of its own.
     */
    OWNED_ELSEWHERE,
    /**
     * A rollback would undo a changeset that was marked ran (its object was found, not created, by dbsteps), and so
     * drop an object dbsteps did not create. Nothing ran; include such steps explicitly
     * ({@link MarkedRanPolicy#UNDO}) if that is meant.
     */
    MARKED_RAN_STEP,
    /**
     * A fleet command ended with targets that did not reach its goal: failed, skipped after a failure, or (for a
     * status) behind. Each target's own result says which and why.
     */
    FLEET_INCOMPLETE
}
