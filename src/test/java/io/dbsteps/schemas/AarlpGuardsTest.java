package io.dbsteps.schemas;

import static io.dbsteps.schemas.AarlpSql.candidate;
import static io.dbsteps.schemas.AarlpSql.column;
import static io.dbsteps.schemas.AarlpSql.count;
import static io.dbsteps.schemas.AarlpSql.execute;
import static io.dbsteps.schemas.AarlpSql.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where aarlp refuses rather than break or lose data, on both databases: a release stops before it changes anything,
 * saying how many rows are in the way (and, where a precondition checks, which one).
 */
class AarlpGuardsTest {

    private static DbSteps aarlp(TestDb db) {
        return db.configure().schema("aarlp").load();
    }

    private static String lastApplied(DbSteps steps) {
        var applied = steps.history().applied();
        return applied.get(applied.size() - 1).id();
    }

    private static java.util.List<String> columnNames(Connection c, String table) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getMetaData().getColumnName(i).toLowerCase());
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void candidatesWhoseJobIsMissingStopTheForeignKeyReleaseBeforeAnyChange(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = aarlp(db);
            steps.updateTo("1.4");
            execute(c, "INSERT INTO jobs (id, title, status, old_field, salary_range, workflow_status) VALUES "
                            + "('" + job(1) + "', 'one', 'ACTIVE', 'o1', 'Competitive', 'PENDING')",
                    "INSERT INTO candidates (id, job_id_temp, full_name) VALUES "
                            + "('" + candidate(1) + "', '" + job(1) + "', 'has a job'), "
                            + "('" + candidate(2) + "', '" + job(9) + "', 'job 9 does not exist'), "
                            + "('" + candidate(3) + "', NULL, 'no job at all')");

            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED))
                    .hasMessageContaining("2 row(s) of candidates do not satisfy: job_id_temp references an existing job")
                    .hasMessageContaining("(for example id = " + candidate(2) + ")");
            assertThat(lastApplied(steps)).isEqualTo("1.4-tag");
            assertThat(columnNames(c, "candidates")).doesNotContain("job_id");

            execute(c, "DELETE FROM candidates WHERE id <> '" + candidate(1) + "'");
            steps.update();
            assertThat(column(c, "SELECT job_id FROM candidates")).containsExactly(job(1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void requirementsInTheNewFormatThatDifferFromTheOldStopTheReshapeBeforeAnyChange(TestDb.Kind kind)
            throws Exception {
        boolean pg = kind == TestDb.Kind.POSTGRESQL;
        String reshaped = pg ? "jsonb_build_object('required', 'SQL', 'preferred', '{}'::jsonb)"
                : "json_object('required', 'SQL', 'preferred', json('{}'))";
        String other = pg ? "'{\"required\": \"Go\", \"preferred\": {}}'::jsonb" : "'{\"required\": \"Go\", \"preferred\": {}}'";
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = aarlp(db);
            steps.updateTo("1.0");
            execute(c, "INSERT INTO jobs (id, title, status, old_field, requirements_old, requirements) VALUES "
                    + "('" + job(1) + "', 'already reshaped by hand', 'ACTIVE', 'o1', 'SQL', " + reshaped + "), "
                    + "('" + job(2) + "', 'conflicting', 'ACTIVE', 'o2', 'Python', " + other + "), "
                    + "('" + job(3) + "', 'old format only', 'ACTIVE', 'o3', 'Java', NULL)");

            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED))
                    .hasMessageContaining("1 row(s) of jobs do not satisfy: requirements is empty, or already equals the "
                            + "reshaped requirements_old (for example id = " + job(2) + ")");
            assertThat(lastApplied(steps)).isEqualTo("1.0-tag");
            assertThat(columnNames(c, "jobs")).contains("requirements_old");

            execute(c, "UPDATE jobs SET requirements = NULL WHERE id = '" + job(2) + "'");
            steps.updateTo("1.1");
            String required = pg ? "requirements->>'required'" : "json_extract(requirements, '$.required')";
            assertThat(column(c, "SELECT " + required + " FROM jobs ORDER BY id")).containsExactly("SQL", "Python", "Java");
            assertThat(columnNames(c, "jobs")).doesNotContain("requirements_old");

            steps.rollbackTo("1.0");
            assertThat(column(c, "SELECT requirements_old FROM jobs ORDER BY id")).containsExactly("SQL", "Python", "Java");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void jobsWithoutNewFieldStopTheNotNullStepBeforeAnyChange(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = aarlp(db);
            steps.updateTo("1.11");
            // written after the backfill by an application that does not set new_field yet
            execute(c, "INSERT INTO jobs (id, title, status, old_field, salary_range, workflow_status) VALUES "
                    + "('" + job(1) + "', 'late', 'ACTIVE', 'o1', 'Competitive', 'PENDING'), "
                    + "('" + job(2) + "', 'late too', 'PENDING', 'o2', 'Competitive', 'PENDING')");

            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("2 job(s) have no new_field, so it cannot become NOT NULL. Nothing was changed");
            assertThat(lastApplied(steps)).isEqualTo("1.11-tag");

            execute(c, "UPDATE jobs SET new_field = old_field");
            steps.update();
            assertThat(steps.status().currentTag()).isEqualTo("1.12");
        }
    }
}
