package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The changelog extensions in {@code io.dbsteps.ext}, run through the API on both databases. */
class ExtensionsTest {

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void rowsThatWouldNotFitStopTheUpdateWithTheirTableCountAndKey(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().changelog("ext/changelog.yaml", "ext").load();
            steps.updateCount(1);
            st.executeUpdate("INSERT INTO scores (id, gpa) VALUES (3, 3.5), (7, 4.5), (9, -1), (11, NULL)");

            assertThatThrownBy(steps::update)
                    .isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("Schema ext: update stopped before changeset ext/changelog.yaml::2-narrow-gpa")
                    .hasMessageContaining("2 row(s) of scores do not satisfy: gpa between 0 and 4 (for example id = 7)")
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
            assertThat(steps.history().applied()).hasSize(1);

            st.executeUpdate("UPDATE scores SET gpa = 4 WHERE gpa > 4 OR gpa < 0");
            UpdateResult result = steps.update();
            assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.notes())
                    .containsExactly("1 score(s) have no gpa and were left as they are"));
        }
    }
}
