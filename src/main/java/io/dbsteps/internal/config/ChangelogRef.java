package io.dbsteps.internal.config;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.util.regex.Pattern;

/**
 * Which changelog a {@link DbSteps} instance runs and where it keeps its history.
 *
 * @param name        the schema name, or for a custom changelog its tracking-table prefix; used in messages
 * @param path        the changelog's classpath path
 * @param tablePrefix the prefix of dbsteps' own tables ({@code <prefix>_undo}, {@code <prefix>_release}, ...), and
 *                    of the tracking tables unless they are named
 * @param logTable    Liquibase's history table, {@code <prefix>_log} unless named (e.g. {@code databasechangelog})
 * @param lockTable   Liquibase's lock table, {@code <prefix>_lock} unless named
 */
public record ChangelogRef(String name, String path, String tablePrefix, String logTable, String lockTable) {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    /** A table name dbsteps can use unquoted on both databases, as Liquibase's own tracking tables are. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    ChangelogRef(String name, String path, String tablePrefix) {
        this(name, path, tablePrefix, tablePrefix + "_log", tablePrefix + "_lock");
    }

    public static ChangelogRef shipped(String schema) {
        if (schema == null || schema.isBlank()) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION,
                    "No schema is configured. Call schema(...) with one of " + ShippedSchemas.names()
                            + ", or changelog(path, prefix) for a changelog of your own.");
        }
        if (!ShippedSchemas.names().contains(schema)) {
            throw new DbStepsException(ErrorCode.UNKNOWN_SCHEMA,
                    "Unknown schema '" + schema + "'. The schemas shipped in this jar are " + ShippedSchemas.names()
                            + "; pick one of them, or use changelog(path, prefix) for a changelog of your own.");
        }
        return new ChangelogRef(schema, "dbsteps/" + schema + "/changelog.yaml", "dbsteps_" + schema);
    }

    public static ChangelogRef custom(String path, String tablePrefix, ClassLoader loader) {
        if (path == null || path.isBlank()) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION,
                    "The changelog path is empty. Give the classpath path of a changelog, e.g. db/changelog.yaml.");
        }
        if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION,
                    "The tracking-table prefix '" + tablePrefix + "' for changelog " + path + " is not valid. Use "
                            + "lower-case letters, digits and '_', starting with a letter, at most 41 characters.");
        }
        ChangelogFiles.check(path, loader);
        return new ChangelogRef(tablePrefix, path, tablePrefix);
    }

    /**
     * The same changelog with its history in tracking tables of the given names, e.g. Liquibase's own
     * {@code databasechangelog} and {@code databasechangeloglock}; dbsteps' own tables keep the prefix.
     */
    public ChangelogRef withTrackingTables(String log, String lock) {
        for (String table : new String[] {log, lock}) {
            if (table == null || !TABLE.matcher(table).matches()) {
                throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The tracking-table name '" + table
                        + "' for " + name + " is not valid. Use letters, digits and '_', starting with a letter, at "
                        + "most 63 characters, e.g. databasechangelog.");
            }
        }
        if (log.equalsIgnoreCase(lock)) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The history table and the lock table of "
                    + name + " are both named " + log + ". Give them different names, e.g. databasechangelog and "
                    + "databasechangeloglock.");
        }
        return new ChangelogRef(name, path, tablePrefix, log, lock);
    }

    /** The tracking tables and dbsteps' own tables of this schema, as a regular expression for snapshots to leave out. */
    public String trackingTablesPattern() {
        return "(?i)(" + String.join("|", logTable, lockTable, undoTable(), releaseTable(), TAGS_TABLE, ARCHIVES_TABLE)
                + ")";
    }

    public String undoTable() {
        return tablePrefix + "_undo";
    }

    public String releaseTable() {
        return tablePrefix + "_release";
    }

    /**
     * The record of the archives rollbacks made, one table per namespace or file shared by its schemas (a row names
     * its schema's prefix). Named {@code dbsteps_*} like the archives themselves, so that no snapshot counts it.
     */
    public static final String ARCHIVES_TABLE = "dbsteps_archive_index";

    /** Further names of applied states (a tag on a state that has one, or on the empty state), shared likewise. */
    public static final String TAGS_TABLE = "dbsteps_tags";
}
