package io.dbsteps;

import java.util.List;

/**
 * How the live schema compares with the schema the changelog expects at the database's current release tag.
 *
 * @param schema      the schema
 * @param tag         the release tag the database is at, or {@code null} if nothing is applied
 * @param dbms        {@code postgresql} or {@code sqlite}
 * @param differences what is missing, extra or changed; empty when there is no drift
 */
public record DriftReport(String schema, String tag, String dbms, List<Drift> differences) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema      the schema
     * @param tag         the release tag the database is at, or {@code null} if nothing is applied
     * @param dbms        {@code postgresql} or {@code sqlite}
     * @param differences what is missing, extra or changed; empty when there is no drift
     */
    public DriftReport {
        differences = List.copyOf(differences);
    }

    /** @return true if the live schema is exactly the expected one */
    public boolean clean() {
        return differences.isEmpty();
    }
}
