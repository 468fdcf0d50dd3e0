package io.dbsteps;

/**
 * The host's check that a release works, run by {@link DbSteps#release} after the update. It may query the
 * database, call the application's own endpoints, or anything else; throwing counts as unhealthy.
 */
@FunctionalInterface
public interface HealthCheck {
    /**
     * @return true if the release works
     * @throws Exception if the check itself fails, which counts as unhealthy
     */
    boolean healthy() throws Exception;
}
