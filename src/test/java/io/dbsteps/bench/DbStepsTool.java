package io.dbsteps.bench;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import javax.sql.DataSource;

/**
 * dbsteps through its public API, as a host application calls it at start-up: configure, load, update. A rollback
 * discards the dropped data, which is what plain Liquibase and the raw SQL do; the default, archiving it, is
 * extra work they do not do.
 */
final class DbStepsTool implements Tool {
    private final DbSteps db;

    DbStepsTool(Target target) {
        this(target, null);
    }

    /** With a DataSource instead of the URL: the phase timing passes one that times the JDBC calls. */
    DbStepsTool(Target target, DataSource dataSource) {
        DbStepsBuilder b = DbSteps.configure();
        if (dataSource != null) {
            b.dataSource(dataSource);
        } else {
            b.url(target.url(), target.user(), target.password());
        }
        if (target.synthetic()) {
            b.changelog(Synthetic.CHANGELOG, Synthetic.PREFIX);
        } else {
            b.schema(target.workload());
        }
        db = b.load();
    }

    @Override
    public void update() {
        db.update();
    }

    @Override
    public void noop() {
        if (!db.update().upToDate()) {
            throw new IllegalStateException("the database was not at head");
        }
    }

    @Override
    public void rollback(String tag) {
        db.rollbackTo(tag, DataPolicy.DISCARD);
    }
}
