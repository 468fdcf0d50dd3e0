package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SQL previews and validation work for educare, and show each database's own form of the 2.0 steps. */
class EducarePreviewTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void updateAndRollbackCanBePreviewed(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().schema("educare").load();
            steps.updateTo("1.0");
            assertThat(steps.validate().changeSets()).isPositive();
            String up = steps.updateSql();
            assertThat(up).contains("CREATE TABLE users").contains("2.0-14-student-accounts");
            if (kind == TestDb.Kind.SQLITE) {
                assertThat(up).contains("CREATE TABLE students_rebuild").contains("ALTER TABLE students_rebuild RENAME TO students");
            } else {
                assertThat(up).contains("ADD CONSTRAINT students_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)");
            }
            steps.update();
            String down = steps.rollbackSql("1.0");
            assertThat(down).contains("DROP INDEX idx_students_user_id").contains("ALTER TABLE students DROP COLUMN user_id");
            assertThat(steps.history().currentTag()).isEqualTo("2.0");
        }
    }
}
