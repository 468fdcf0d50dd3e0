package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Release 2.0 narrows types (FLOAT to NUMERIC), adds CHECKs and a UNIQUE, and maps text values. A row that would not
 * survive that is reported before anything of the release runs, with its table, the number of such rows and an
 * example id, and the database is left exactly as it was: nothing is clamped, rounded or half-applied.
 */
class TrajectoryNarrowingTest {
    private static final Target TRAJECTORY = Target.shipped("trajectory");

    /** Twelve rows per baseline table, all of which fit release 2.0. */
    private static final List<String> VALID_ROWS = rows();

    private static List<String> rows() {
        List<String> sql = new ArrayList<>();
        String[] levels = {"'High'", "'Medium'", "'Low'", "NULL"};
        for (int i = 1; i <= 12; i++) {
            sql.add("INSERT INTO students (id, name, email, major, semester, gpa, attendance) VALUES (" + i
                    + ", 'Student " + i + "', 's" + i + "@trajectory.test', 'Economics', " + (i % 8 + 1) + ", "
                    + (i * 0.75) + ", " + (40 + i * 4.25) + ")");
        }
        for (int i = 1; i <= 12; i++) {
            sql.add("INSERT INTO digital_wellbeing_daily (id, student_id, date, screen_time_hours, educational_app_hours,"
                    + " social_media_hours, entertainment_hours, productivity_hours, focus_score, sleep_duration_hours)"
                    + " VALUES (" + i + ", " + (i % 4 + 1) + ", '2025-03-" + (10 + i) + "', " + (i * 1.25) + ", 1.5, "
                    + (i * 0.5) + ", 2, 0.75, " + (i * 0.5) + ", " + (5 + i * 0.5) + ")");
            sql.add("INSERT INTO trajectory_scores (id, student_id, score, confidence_level) VALUES (" + i + ", " + i
                    + ", " + (i * 8.25) + ", " + levels[i % 4] + ")");
            sql.add("INSERT INTO recommendations (id, student_id, completed, content, impact_level, estimated_score_gain)"
                    + " VALUES (" + i + ", " + i + ", " + (i % 2 == 0 ? "true" : "false") + ", 'Practise interview "
                    + "question set " + i + "', " + levels[(i + 1) % 4] + ", " + (i * 1.5) + ")");
        }
        return sql;
    }

    static Stream<Arguments> rowsThatDoNotFit() {
        List<Arguments> out = new ArrayList<>();
        Object[][] cases = {
            {"gpa above the CHECK", "UPDATE students SET gpa = 10.5 WHERE id IN (4, 9)", "students", 2, 4},
            {"gpa 10 passes chk_gpa but not NUMERIC(3,2)", "UPDATE students SET gpa = 10 WHERE id = 7", "students", 1, 7},
            {"gpa with three decimals would be rounded", "UPDATE students SET gpa = 3.456 WHERE id = 5", "students", 1, 5},
            {"negative gpa", "UPDATE students SET gpa = -0.25 WHERE id IN (2, 3, 11)", "students", 3, 2},
            {"attendance above 100", "UPDATE students SET attendance = 100.5 WHERE id = 3", "students", 1, 3},
            {"two rows for one student and date",
                "INSERT INTO digital_wellbeing_daily (id, student_id, date) SELECT 20, student_id, date"
                    + " FROM digital_wellbeing_daily WHERE id = 6", "digital_wellbeing_daily", 2, 6},
            {"screen time beyond NUMERIC(4,2)",
                "UPDATE digital_wellbeing_daily SET screen_time_hours = 120 WHERE id = 8", "digital_wellbeing_daily", 1, 8},
            {"productivity hours with three decimals",
                "UPDATE digital_wellbeing_daily SET productivity_hours = 1.005 WHERE id = 10", "digital_wellbeing_daily",
                1, 10},
            {"focus_score beyond NUMERIC(3,2)",
                "UPDATE digital_wellbeing_daily SET focus_score = 12.5 WHERE id IN (3, 4)", "digital_wellbeing_daily", 2, 3},
            {"sleep beyond 24 hours",
                "UPDATE digital_wellbeing_daily SET sleep_duration_hours = 25 WHERE id = 6", "digital_wellbeing_daily", 1, 6},
            {"score above 100", "UPDATE trajectory_scores SET score = 100.5 WHERE id = 4", "trajectory_scores", 1, 4},
            {"score with three decimals", "UPDATE trajectory_scores SET score = 55.555 WHERE id = 12",
                "trajectory_scores", 1, 12},
            {"confidence_level without a mapping",
                "UPDATE trajectory_scores SET confidence_level = 'very high' WHERE id IN (2, 5)", "trajectory_scores", 2, 2},
            {"impact_level not allowed in impact",
                "UPDATE recommendations SET impact_level = 'urgent' WHERE id = 9", "recommendations", 1, 9},
            {"estimated_score_gain beyond NUMERIC(4,1)",
                "UPDATE recommendations SET estimated_score_gain = 1000 WHERE id = 5", "recommendations", 1, 5},
            {"estimated_score_gain with two decimals",
                "UPDATE recommendations SET estimated_score_gain = 2.25 WHERE id = 6", "recommendations", 1, 6},
            {"wellbeing table renamed by hand, with a focus_score that does not fit",
                "ALTER TABLE digital_wellbeing_daily RENAME TO digital_wellbeing_data;"
                    + "UPDATE digital_wellbeing_data SET focus_score = -1 WHERE id = 11", "digital_wellbeing_data", 1, 11},
        };
        for (TestDb.Kind kind : TestDb.Kind.values()) {
            for (Object[] c : cases) {
                out.add(Arguments.of(kind, c[0], c[1], c[2], c[3], c[4]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rowsThatDoNotFit")
    void aRowThatDoesNotFitStopsTheReleaseBeforeAnythingChanges(TestDb.Kind kind, String why, String corrupt,
            String table, int count, int exampleId) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Connection observer = db.connect();
             Statement st = c.createStatement()) {
            DbSteps steps = TRAJECTORY.load(db);
            steps.updateTo("1.0");
            for (String sql : VALID_ROWS) {
                st.executeUpdate(sql);
            }
            for (String sql : corrupt.split(";")) {
                st.executeUpdate(sql);
            }
            SchemaSnapshot schemaBefore = SchemaSnapshot.take(observer, TRAJECTORY.excludedTables());
            SortedMap<String, String> rowsBefore = RowChecksums.of(c, TRAJECTORY.excludedTables());
            int appliedBefore = steps.history().applied().size();

            DbStepsException e = catchThrowableOfType(DbStepsException.class, steps::update);

            assertThat(e).as("update with %s", why).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
            assertThat(e.getMessage())
                    .contains("Schema trajectory: update stopped before changeset dbsteps/trajectory/2.0.yaml::2.0-01")
                    .contains(count + " row(s) of " + table + " do not satisfy: ")
                    .contains("(for example id = " + exampleId + ")");
            assertThat(SchemaSnapshot.take(observer, TRAJECTORY.excludedTables()).differencesTo(schemaBefore))
                    .as("schema changes after the refused update").isEmpty();
            assertThat(RowChecksums.of(c, TRAJECTORY.excludedTables())).isEqualTo(rowsBefore);
            assertThat(steps.history().applied()).hasSize(appliedBefore);
            assertThat(steps.status().currentTag()).isEqualTo("1.0");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void valuesAtTheEdgesFitAndComeBackExactly(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = TRAJECTORY.load(db);
            steps.updateTo("1.0");
            for (String sql : VALID_ROWS) {
                st.executeUpdate(sql);
            }
            st.executeUpdate("UPDATE students SET gpa = 9.99, attendance = 100 WHERE id = 1");
            st.executeUpdate("UPDATE students SET gpa = 0, attendance = 0 WHERE id = 2");
            st.executeUpdate("UPDATE students SET gpa = NULL, attendance = NULL WHERE id = 3");
            st.executeUpdate("UPDATE digital_wellbeing_daily SET screen_time_hours = 99.99, focus_score = 9.99,"
                    + " sleep_duration_hours = 24 WHERE id = 1");
            st.executeUpdate("UPDATE digital_wellbeing_daily SET focus_score = 0, sleep_duration_hours = 0 WHERE id = 2");
            st.executeUpdate("UPDATE trajectory_scores SET score = 100 WHERE id = 1");
            st.executeUpdate("UPDATE trajectory_scores SET score = 0.01 WHERE id = 2");
            st.executeUpdate("UPDATE recommendations SET estimated_score_gain = 999.9 WHERE id = 1");
            st.executeUpdate("UPDATE recommendations SET estimated_score_gain = -999.9 WHERE id = 2");
            SortedMap<String, String> original = RowChecksums.of(c, TRAJECTORY.excludedTables());

            assertThat(steps.update().toTag()).isEqualTo("2.0");
            steps.rollbackTo("1.0");

            assertThat(RowChecksums.of(c, TRAJECTORY.excludedTables())).isEqualTo(original);
        }
    }
}
