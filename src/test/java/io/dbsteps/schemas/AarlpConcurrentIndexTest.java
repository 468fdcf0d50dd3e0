package io.dbsteps.schemas;

import static io.dbsteps.schemas.AarlpSql.column;
import static io.dbsteps.schemas.AarlpSql.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.Step;
import io.dbsteps.UpdateResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Release 1.9 on PostgreSQL: when CREATE INDEX CONCURRENTLY fails midway it leaves an INVALID index behind; the
 * changeset, run again, finds it, drops it and builds the index again.
 *
 * <p>The first build fails for real: another session has written to jobs in a transaction it keeps open, which a
 * concurrent build must wait for, and the migration's sessions have a statement timeout. PostgreSQL has committed
 * the index's catalog entry by then, so the index stays behind, INVALID.
 */
class AarlpConcurrentIndexTest {
    private static final String INDEX = "ix_jobs_created_at";

    private static List<String> indexes(Connection c) throws Exception {
        return column(c, "SELECT pg_get_indexdef(i.oid) || CASE WHEN ix.indisvalid THEN '' ELSE ' INVALID' END "
                + "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid WHERE i.relname = '" + INDEX + "'");
    }

    @Test
    void aFailedConcurrentBuildLeavesAnInvalidIndexThatTheNextRunDropsAndBuildsAgain() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection c = db.connect();
             Connection blocker = db.connect()) {
            DbSteps steps = db.configure().schema("aarlp").load();
            steps.updateTo("1.8");
            execute(c, "INSERT INTO jobs (id, title, status, old_field, salary_range, workflow_status) "
                    + "SELECT md5('job' || g)::uuid, 'job ' || g, 'ACTIVE', 'o' || g, 'Competitive', 'PENDING' "
                    + "FROM generate_series(1, 2000) g");
            String database = column(c, "SELECT current_database()").get(0);

            blocker.setAutoCommit(false);
            execute(blocker, "UPDATE jobs SET title = title WHERE id = md5('job1')::uuid");
            execute(c, "ALTER DATABASE " + database + " SET statement_timeout = '2s'");
            try {
                assertThatThrownBy(() -> steps.updateTo("1.9")).isInstanceOf(DbStepsException.class)
                        .hasMessageContaining("1.9-01-index-jobs-created-at-concurrently")
                        .hasMessageContaining("canceling statement due to statement timeout");
            } finally {
                blocker.rollback();
                execute(c, "ALTER DATABASE " + database + " RESET statement_timeout");
            }
            assertThat(indexes(c)).containsExactly(
                    "CREATE INDEX " + INDEX + " ON public.jobs USING btree (created_at) INVALID");
            assertThat(steps.status().pending()).first().satisfies(p -> assertThat(p.id())
                    .isEqualTo("1.9-01-index-jobs-created-at-concurrently"));

            UpdateResult again = steps.updateTo("1.9");

            assertThat(again.steps()).first().satisfies(s -> {
                assertThat(s.id()).isEqualTo("1.9-01-index-jobs-created-at-concurrently");
                assertThat(s.outcome()).isEqualTo(Step.Outcome.EXECUTED);
                assertThat(s.notes()).containsExactly("1 INVALID index " + INDEX + ", left by an earlier CREATE INDEX "
                        + "CONCURRENTLY that failed, was dropped and built again");
            });
            assertThat(indexes(c)).containsExactly("CREATE INDEX " + INDEX + " ON public.jobs USING btree (created_at)");

            // a clean build reports nothing, and the rollback drops the index concurrently
            steps.rollbackTo("1.8");
            assertThat(indexes(c)).isEmpty();
            assertThat(steps.updateTo("1.9").steps()).first().satisfies(s -> assertThat(s.notes()).isEmpty());
            assertThat(indexes(c)).containsExactly("CREATE INDEX " + INDEX + " ON public.jobs USING btree (created_at)");
        }
    }
}
