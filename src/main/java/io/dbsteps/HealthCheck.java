package io.dbsteps;

/**
 * The host's check that a release works, run by {@link DbSteps#release} after the update. It may query the
 * database, call the application's own endpoints, or anything else; throwing counts as unhealthy. A check that
 * outlives the release's timeout is interrupted and counts as failed; the rollback starts at once. A check that
 * queries the database is best given as {@link #sql(String)}: dbsteps then also cancels its statement on time.
 *
 * <p>While the check runs, the release holds the schema's lock: a check that updates or rolls back the same schema
 * waits for it and fails. Reading (status, history) works.
 */
@FunctionalInterface
public interface HealthCheck {
    /**
     * @return true if the release works
     * @throws Exception if the check itself fails, which counts as unhealthy
     */
    boolean healthy() throws Exception;

    /**
     * A check that runs one query on the release's database, on a connection of its own, and passes if the first
     * column of the first row is true. On PostgreSQL it runs with a {@code statement_timeout} of the release's
     * timeout, in a transaction that is rolled back; on either database its statement is cancelled when the timeout
     * passes.
     *
     * @param query e.g. {@code SELECT COUNT(*) > 0 FROM resumes}
     * @return the check, for {@link DbSteps#release}
     */
    static HealthCheck sql(String query) {
        return new Sql(query);
    }

    /**
     * The check {@link #sql(String)} returns: dbsteps runs its query on the release's database.
     *
     * @param query the query whose first column of the first row says whether the release works
     */
    record Sql(String query) implements HealthCheck {
        /** Only a release runs this check: it needs the release's database. */
        @Override
        public boolean healthy() {
            throw new IllegalStateException("HealthCheck.sql(...) runs only inside DbSteps.release(...)");
        }
    }
}
