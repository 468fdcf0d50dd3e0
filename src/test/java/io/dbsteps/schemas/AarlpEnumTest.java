package io.dbsteps.schemas;

import static io.dbsteps.schemas.AarlpSql.allowedStatuses;
import static io.dbsteps.schemas.AarlpSql.column;
import static io.dbsteps.schemas.AarlpSql.execute;
import static io.dbsteps.schemas.AarlpSql.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.Step;
import io.dbsteps.UpdateResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The enum rules of aarlp, on both databases: 'ARCHIVED' (1.7) is rolled back by a real type swap that refuses,
 * before it changes anything and with the count, while jobs use the value; the removal of 'DEPRECATED_STATUS' (1.8)
 * maps those jobs to 'ARCHIVED' first, and its inverse gives exactly those jobs their status back.
 */
class AarlpEnumTest {

    private static DbSteps aarlp(TestDb db) {
        return db.configure().schema("aarlp").load();
    }

    /**
     * The id of the newest applied changeset. (A refused rollback to 1.6 has already un-recorded the bookkeeping
     * changeset 1.7-tag, which comes after the enum change; the current tag then reads 1.6 until the next update.)
     */
    private static String lastApplied(DbSteps steps) {
        var applied = steps.history().applied();
        return applied.get(applied.size() - 1).id();
    }

    private static String statuses(Connection c) throws Exception {
        return String.join(",", column(c, "SELECT id || '=' || CAST(status AS VARCHAR(20)) FROM jobs ORDER BY id"));
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void rollingBackArchivedRefusesWhileJobsUseItAndChangesNothing(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = aarlp(db);
            steps.updateTo("1.7");
            execute(c, "INSERT INTO jobs (id, title, status, old_field, salary_range, workflow_status) VALUES "
                    + "('" + job(1) + "', 'one', 'ARCHIVED', 'o1', 'Competitive', 'PENDING'), "
                    + "('" + job(2) + "', 'two', 'ARCHIVED', 'o2', 'Competitive', 'PENDING'), "
                    + "('" + job(3) + "', 'three', 'PENDING', 'o3', 'Competitive', 'PENDING')");
            String before = statuses(c);

            assertThatThrownBy(() -> steps.rollbackTo("1.6")).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.CHANGESET_FAILED))
                    .hasMessageContaining("2 job(s) still have status 'ARCHIVED'")
                    .hasMessageContaining("Nothing was changed");

            assertThat(lastApplied(steps)).as("the changeset that added 'ARCHIVED' is still applied").startsWith("1.7-");
            if (kind == TestDb.Kind.SQLITE) {
                // every step of this rollback runs in a transaction there, so the whole rollback is one: not even the
                // tag changeset was undone. On PostgreSQL, adding an enum value runs outside a transaction, so each
                // changeset commits on its own and the tag changeset, undone first, stays undone.
                assertThat(lastApplied(steps)).isEqualTo("1.7-tag");
            }
            assertThat(allowedStatuses(c, kind)).isEqualTo("PENDING,ACTIVE,DEPRECATED_STATUS,ARCHIVED");
            assertThat(statuses(c)).as("no job was remapped").isEqualTo(before);

            execute(c, "UPDATE jobs SET status = 'ACTIVE' WHERE status = 'ARCHIVED'");
            steps.rollbackTo("1.6");

            assertThat(steps.status().currentTag()).isEqualTo("1.6");
            assertThat(allowedStatuses(c, kind)).isEqualTo("PENDING,ACTIVE,DEPRECATED_STATUS");
            assertThat(statuses(c)).isEqualTo(job(1) + "=ACTIVE," + job(2) + "=ACTIVE," + job(3) + "=PENDING");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void removalMapsDeprecatedToArchivedAndItsInverseRestoresExactlyThoseJobs(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = aarlp(db);
            steps.updateTo("1.0");
            execute(c, "INSERT INTO jobs (id, title, status, old_field) VALUES "
                    + "('" + job(1) + "', 'pending', 'PENDING', 'o1'), "
                    + "('" + job(2) + "', 'active', 'ACTIVE', 'o2'), "
                    + "('" + job(3) + "', 'deprecated', 'DEPRECATED_STATUS', 'o3'), "
                    + "('" + job(4) + "', 'deprecated too', 'DEPRECATED_STATUS', 'o4')");
            String atBase = statuses(c);

            UpdateResult up = steps.update();

            assertThat(up.steps()).filteredOn(s -> s.id().equals("1.8-02-map-deprecated-status")).singleElement()
                    .satisfies(s -> assertThat(s.notes()).containsExactly(
                            "2 job(s) with status DEPRECATED_STATUS now have status ARCHIVED (recorded in job_status_remap)"));
            assertThat(allowedStatuses(c, kind)).isEqualTo("PENDING,ACTIVE,ARCHIVED");
            assertThat(statuses(c)).isEqualTo(job(1) + "=PENDING," + job(2) + "=ACTIVE," + job(3) + "=ARCHIVED,"
                    + job(4) + "=ARCHIVED");

            // the application archives a job of its own, and re-activates one of the mapped ones
            execute(c, "UPDATE jobs SET status = 'ARCHIVED' WHERE id = '" + job(1) + "'",
                    "UPDATE jobs SET status = 'ACTIVE' WHERE id = '" + job(4) + "'");

            assertThatThrownBy(() -> steps.rollbackTo("1.0")).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("1 job(s) still have status 'ARCHIVED'");
            // 1.12 to 1.8 are undone; the mapped job that is still ARCHIVED has its old status back, the one the
            // application re-activated keeps ACTIVE, and the job the application archived blocks 1.7's rollback
            assertThat(lastApplied(steps)).startsWith("1.7-0");
            assertThat(allowedStatuses(c, kind)).isEqualTo("PENDING,ACTIVE,DEPRECATED_STATUS,ARCHIVED");
            assertThat(statuses(c)).isEqualTo(job(1) + "=ARCHIVED," + job(2) + "=ACTIVE," + job(3)
                    + "=DEPRECATED_STATUS," + job(4) + "=ACTIVE");

            execute(c, "UPDATE jobs SET status = 'PENDING' WHERE id = '" + job(1) + "'",
                    "UPDATE jobs SET status = 'DEPRECATED_STATUS' WHERE id = '" + job(4) + "'");
            steps.rollbackTo("1.0");

            assertThat(allowedStatuses(c, kind)).isEqualTo("PENDING,ACTIVE,DEPRECATED_STATUS");
            assertThat(statuses(c)).isEqualTo(atBase);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void addingArchivedRunsOutsideATransactionOnPostgresql(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = aarlp(db);
            UpdateResult up = steps.updateTo("1.7");
            String expected = kind == TestDb.Kind.POSTGRESQL ? "1.7-01-add-job-status-archived"
                    : "1.7-02-allow-job-status-archived";
            assertThat(up.steps()).extracting(Step::id).contains(expected)
                    .doesNotContain(kind == TestDb.Kind.POSTGRESQL ? "1.7-02-allow-job-status-archived"
                            : "1.7-01-add-job-status-archived");
        }
    }
}
