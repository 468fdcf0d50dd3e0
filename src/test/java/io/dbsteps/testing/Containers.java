package io.dbsteps.testing;

import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** Starts a PostgreSQL 15 container when a Docker engine is available; it lives as long as the test JVM. */
final class Containers {
    private Containers() {
    }

    static PostgresServer tryStart(List<String> tried) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            tried.add("no Docker engine for Testcontainers");
            return null;
        }
        @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:15-alpine");
        try {
            pg.start();
        } catch (RuntimeException e) {
            tried.add("Testcontainers could not start postgres:15-alpine: " + e.getMessage());
            return null;
        }
        return PostgresServer.of(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword(), "Testcontainers");
    }
}
