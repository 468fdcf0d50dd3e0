package io.dbsteps;

import java.util.List;

/**
 * How the live schema compares with the schema the changelog expects at the database's current state: the snapshot
 * shipped for its release tag, or else what its applied changesets create, replayed from the changelog.
 *
 * @param schema       the schema
 * @param tag          the tag of the database's last applied changeset, or {@code null} if it has none or nothing is
 *                     applied
 * @param dbms         {@code postgresql} or {@code sqlite}
 * @param differences  what is missing, extra or changed; empty when there is no drift
 * @param expectedFrom what the live schema was compared with, as it ends a sentence: "release 1.0", "what its 12
 *                     changesets create (replayed from the changelog)" or "the empty schema"
 */
public record DriftReport(String schema, String tag, String dbms, List<Drift> differences, String expectedFrom) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema       the schema
     * @param tag          the tag of the database's last applied changeset, or {@code null}
     * @param dbms         {@code postgresql} or {@code sqlite}
     * @param differences  what is missing, extra or changed; empty when there is no drift
     * @param expectedFrom what the live schema was compared with
     */
    public DriftReport {
        differences = List.copyOf(differences);
    }

    /** @return true if the live schema is exactly the expected one */
    public boolean clean() {
        return differences.isEmpty();
    }
}
