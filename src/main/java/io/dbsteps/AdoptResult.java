package io.dbsteps;

import java.time.Duration;

/**
 * The result of adopting a database that was brought to a release without dbsteps.
 *
 * @param schema     the schema
 * @param tag        the release tag the database was found at and is now recorded at; at the changelog's head,
 *                   the last changeset's tag, or {@code null} if it has none
 * @param changeSets how many changesets were recorded as applied
 * @param duration   how long it took
 */
public record AdoptResult(String schema, String tag, int changeSets, Duration duration) {
}
