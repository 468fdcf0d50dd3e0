package io.dbsteps;

import java.time.Duration;

/**
 * The result of tagging the database.
 *
 * @param schema    the schema
 * @param tag       the tag that was set
 * @param changeSet the id of the applied changeset whose state the tag names, or {@code null} for the empty state
 *                  (nothing applied yet)
 * @param duration  how long the command took
 */
public record TagResult(String schema, String tag, String changeSet, Duration duration) {
}
