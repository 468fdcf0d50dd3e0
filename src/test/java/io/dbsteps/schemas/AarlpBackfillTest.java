package io.dbsteps.schemas;

import static io.dbsteps.schemas.AarlpSql.column;
import static io.dbsteps.schemas.AarlpSql.count;
import static io.dbsteps.schemas.AarlpSql.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.UpdateResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Release 1.11, the batched backfill of jobs.new_field, on both databases: a run that fails in its seventh batch
 * keeps the six batches before it, and the next run continues with the seventh, so that every job is updated exactly
 * once over both runs; the rollback then sets new_field back to NULL for exactly those jobs.
 */
class AarlpBackfillTest {
    private static final int JOBS = 12_000;
    private static final int BATCH = 1_000;

    /**
     * Adds {@code rows} jobs at release 1.10 in one statement; on PostgreSQL the table is then vacuumed and analysed,
     * as autovacuum would do.
     */
    static void loadJobs(Connection c, TestDb.Kind kind, int rows) throws Exception {
        if (kind == TestDb.Kind.POSTGRESQL) {
            execute(c, "INSERT INTO jobs (id, title, status, description, old_field, created_at, salary_range, "
                    + "workflow_status) SELECT md5('job' || g)::uuid, 'Job ' || g, "
                    + "(ARRAY['PENDING', 'ACTIVE', 'ARCHIVED'])[1 + g % 3]::job_status, 'Description of job ' || g, "
                    + "'old ' || g, TIMESTAMP '2025-01-01 00:00:00' + g * INTERVAL '1 second', 'Competitive', 'PENDING' "
                    + "FROM generate_series(1, " + rows + ") g", "VACUUM ANALYZE jobs");
        } else {
            execute(c, "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < " + rows + ") "
                    + "INSERT INTO jobs (id, title, status, description, old_field, created_at, salary_range, "
                    + "workflow_status) SELECT lower(hex(randomblob(16))), 'Job ' || n, "
                    + "CASE n % 3 WHEN 0 THEN 'PENDING' WHEN 1 THEN 'ACTIVE' ELSE 'ARCHIVED' END, "
                    + "'Description of job ' || n, 'old ' || n, datetime('2025-01-01', '+' || n || ' seconds'), "
                    + "'Competitive', 'PENDING' FROM g");
        }
    }

    private static String snapshotOfJobs(Connection c) throws Exception {
        return String.join("\n", column(c, "SELECT id || '|' || old_field || '|' || COALESCE(new_field, '<null>') "
                + "FROM jobs ORDER BY id"));
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aBackfillThatFailsMidwayContinuesWhereItStoppedAndUpdatesEveryJobOnce(TestDb.Kind kind) throws Exception {
        boolean pg = kind == TestDb.Kind.POSTGRESQL;
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("aarlp").parameter("aarlp_backfill_batch_size", Integer.toString(BATCH))
                    .load();
            steps.updateTo("1.10");
            loadJobs(c, kind, JOBS);
            String before = snapshotOfJobs(c);
            // the 6,101st job in key order lies in the seventh batch
            String failing = column(c, "SELECT id FROM jobs ORDER BY id LIMIT 1 OFFSET 6100").get(0);
            execute(c, "CREATE TABLE audit (id VARCHAR(64) NOT NULL)");
            if (pg) {
                execute(c, "CREATE FUNCTION refuse_job() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'job % refuses', "
                                + "NEW.id; END $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER jobs_refuse BEFORE UPDATE ON jobs FOR EACH ROW WHEN (NEW.id = '" + failing
                                + "') EXECUTE FUNCTION refuse_job()",
                        "CREATE FUNCTION audit_job() RETURNS trigger AS $$ BEGIN INSERT INTO audit VALUES (NEW.id); "
                                + "RETURN NEW; END $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER jobs_audit AFTER UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION audit_job()");
            } else {
                execute(c, "CREATE TRIGGER jobs_refuse BEFORE UPDATE ON jobs WHEN NEW.id = '" + failing + "' "
                                + "BEGIN SELECT RAISE(ABORT, 'job refuses'); END",
                        "CREATE TRIGGER jobs_audit AFTER UPDATE ON jobs BEGIN INSERT INTO audit VALUES (NEW.id); END");
            }

            assertThatThrownBy(() -> steps.updateTo("1.11")).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("Backfill jobs.new_field stopped in batch 7 of this run, after 6,000 rows");
            assertThat(column(c, "SELECT state || ' ' || rows_done || '/' || rows_total || ' in ' || batches "
                    + "FROM dbsteps_backfill")).containsExactly("running 6000/12000 in 6");
            assertThat(count(c, "SELECT COUNT(*) FROM jobs WHERE new_field IS NOT NULL")).isEqualTo(6 * BATCH);
            assertThat(count(c, "SELECT COUNT(*) FROM audit")).isEqualTo(6 * BATCH);

            execute(c, "DROP TRIGGER jobs_refuse" + (pg ? " ON jobs" : ""));
            UpdateResult resumed = steps.updateTo("1.11");

            assertThat(resumed.steps()).first().satisfies(s -> assertThat(s.notes()).singleElement().asString()
                    .startsWith("Backfill jobs.new_field filled 12,000 rows in 12 batches of up to 1,000 keys "
                            + "(this run: 6,000 rows"));
            assertThat(count(c, "SELECT COUNT(*) FROM jobs WHERE new_field = old_field")).isEqualTo(JOBS);
            assertThat(count(c, "SELECT COUNT(*) FROM audit")).as("updates over both runs").isEqualTo(JOBS);
            assertThat(count(c, "SELECT COUNT(DISTINCT id) FROM audit")).isEqualTo(JOBS);

            execute(c, "DROP TRIGGER jobs_audit" + (pg ? " ON jobs" : ""));
            steps.rollbackTo("1.10");
            assertThat(snapshotOfJobs(c)).isEqualTo(before);
        }
    }
}
