package io.dbsteps.bench;

import org.flywaydb.core.Flyway;

/**
 * Flyway community edition with its defaults: {@code migrate} over the SQL migrations the benchmark generated for
 * the synthetic workload. Flyway's undo is not in the community edition, so it has no rollback here.
 */
final class FlywayTool implements Tool {
    private final Flyway flyway;

    FlywayTool(Target target) {
        if (!target.synthetic()) {
            throw new IllegalArgumentException("Flyway runs the synthetic workload only");
        }
        flyway = Flyway.configure()
                .dataSource(target.url(), target.user(), target.password())
                .locations("filesystem:" + target.flyway().toAbsolutePath())
                .load();
    }

    @Override
    public void update() {
        flyway.migrate();
    }

    @Override
    public void noop() {
        if (flyway.migrate().migrationsExecuted != 0) {
            throw new IllegalStateException("the database was not at head");
        }
    }
}
