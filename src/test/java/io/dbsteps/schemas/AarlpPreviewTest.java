package io.dbsteps.schemas;

import static io.dbsteps.schemas.AarlpSql.column;
import static io.dbsteps.schemas.AarlpSql.count;
import static io.dbsteps.schemas.AarlpSql.execute;
import static io.dbsteps.schemas.AarlpSql.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SQL previews of aarlp run nothing: the custom changes (backfill, undo, refusals, counts) describe themselves
 * in a comment instead of running, on both databases.
 */
class AarlpPreviewTest {

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void previewsDescribeTheBackfillAndChangeNothing(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("aarlp").load();

            String up = steps.updateSql();

            assertThat(up).contains("CREATE TABLE jobs")
                    .contains("-- BatchedBackfill jobs.new_field: UPDATE jobs SET new_field = (old_field) WHERE new_field"
                            + " IS NULL, in batches of 5000 keys of id, each its own transaction");
            assertThat(count(c, "SELECT COUNT(*) FROM " + (kind == TestDb.Kind.POSTGRESQL
                    ? "pg_tables WHERE schemaname = current_schema() AND tablename = 'jobs'"
                    : "sqlite_master WHERE type = 'table' AND name = 'jobs'"))).as("the preview created nothing").isZero();

            steps.updateTo("1.10");
            execute(c, "INSERT INTO jobs (id, title, status, old_field, salary_range, workflow_status) VALUES "
                    + "('" + job(1) + "', 'one', 'ACTIVE', 'o1', 'Competitive', 'PENDING')");
            steps.update();

            String down = steps.rollbackSql("1.0");

            assertThat(down).contains("-- UndoBackfill jobs.new_field: UPDATE jobs SET new_field = NULL for the rows the "
                    + "backfill filled").contains("-- StopIfRows: stops here unless this counts 0");
            assertThat(column(c, "SELECT new_field FROM jobs")).as("the preview undid nothing").containsExactly("o1");
            assertThat(steps.status().currentTag()).isEqualTo("1.12");
        }
    }
}
