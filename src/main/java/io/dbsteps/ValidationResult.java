package io.dbsteps;

import java.time.Duration;

/**
 * The result of a successful validation: the changelog parses, every changeset is well formed for this database,
 * and no applied changeset was edited since it was applied.
 *
 * @param schema     the schema
 * @param changeSets the number of changesets in the changelog that apply to this database
 * @param applied    the number of them already applied
 * @param duration   how long the command took
 */
public record ValidationResult(String schema, int changeSets, int applied, Duration duration) {
}
