package io.dbsteps.internal.config;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.util.regex.Pattern;

/**
 * Which changelog a {@link DbSteps} instance runs and where it keeps its history.
 *
 * @param name        the schema name, or for a custom changelog its tracking-table prefix; used in messages
 * @param path        the changelog's classpath path
 * @param tablePrefix the prefix of the tracking tables {@code <prefix>_log} and {@code <prefix>_lock}
 */
public record ChangelogRef(String name, String path, String tablePrefix) {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");

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
        if (loader.getResource(path) == null) {
            throw new DbStepsException(ErrorCode.CHANGELOG_NOT_FOUND,
                    "Changelog " + path + " was not found on the classpath. Check the path; it is a classpath path "
                            + "such as db/changelog.yaml, not a file-system path.");
        }
        return new ChangelogRef(tablePrefix, path, tablePrefix);
    }

    public String logTable() {
        return tablePrefix + "_log";
    }

    public String lockTable() {
        return tablePrefix + "_lock";
    }

    public String undoTable() {
        return tablePrefix + "_undo";
    }

    public String releaseTable() {
        return tablePrefix + "_release";
    }
}
