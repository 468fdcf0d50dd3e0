package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.harness.Fixture;
import io.dbsteps.harness.FixtureLoader;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data of release 2.0, row by row, on the 1.0 fixture (10,000 rows per table): every value arrives in its new
 * column, confidence follows the documented mapping, and a rollback to 1.0 gives back every original value.
 */
class TrajectoryDataTest {
    private static final Target TRAJECTORY = Target.shipped("trajectory");

    /** The documented mapping of confidence_level to confidence (2.0-16 and 2.0-17). */
    private static final Map<String, Double> CONFIDENCE = Map.of("High", 0.90, "Medium", 0.60, "Low", 0.30);

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void everyValueArrivesInItsNewColumnAndComesBackOnRollback(TestDb.Kind kind) throws Exception {
        boolean postgres = kind == TestDb.Kind.POSTGRESQL;
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = TRAJECTORY.load(db);
            steps.updateTo("1.0");
            FixtureLoader.load(c, postgres, Fixture.read("trajectory", "1.0"));
            String recommendations1 = "SELECT id, content, impact_level, estimated_score_gain, generated_at, completed,"
                    + " student_id FROM recommendations";
            String scores1 = "SELECT id, confidence_level, score, calculated_at, student_id FROM trajectory_scores";
            String students = "SELECT id, gpa, attendance, name, email FROM students";
            String wellbeing = "SELECT id, student_id, date, screen_time_hours, educational_app_hours,"
                    + " social_media_hours, entertainment_hours, productivity_hours, focus_score, sleep_duration_hours"
                    + " FROM %s";
            Map<Long, List<Object>> recBefore = rows(c, recommendations1);
            Map<Long, List<Object>> scoreBefore = rows(c, scores1);
            Map<Long, List<Object>> studentBefore = rows(c, students);
            Map<Long, List<Object>> wellbeingBefore = rows(c, wellbeing.formatted("digital_wellbeing_daily"));
            SortedMap<String, String> checksums = RowChecksums.of(c, TRAJECTORY.excludedTables());
            assertThat(recBefore).hasSize(10_000);

            steps.update();

            Map<Long, List<Object>> recAfter = rows(c, "SELECT id, description, impact, estimated_points, created_at,"
                    + " completed, student_id, title, timeline FROM recommendations");
            assertThat(recAfter.keySet()).isEqualTo(recBefore.keySet());
            recBefore.forEach((id, old) -> {
                List<Object> now = recAfter.get(id);
                String content = (String) old.get(0);
                assertThat(now.get(0)).as("description of recommendation %d", id).isEqualTo(content);
                assertThat(now.get(1)).as("impact of recommendation %d", id).isEqualTo(old.get(1));
                assertThat(now.get(2)).as("estimated_points of recommendation %d", id).isEqualTo(old.get(2));
                assertThat(now.subList(3, 6)).as("created_at, completed, student_id of %d", id)
                        .isEqualTo(old.subList(3, 6));
                assertThat(now.get(6)).as("title of recommendation %d", id)
                        .isEqualTo(content.substring(0, content.offsetByCodePoints(0, 100)));
                assertThat(now.get(7)).isNull();
            });
            assertThat(recBefore.values()).allMatch(r -> ((String) r.get(0)).codePointCount(0, ((String) r.get(0)).length()) > 100);

            Map<Long, List<Object>> scoreAfter = rows(c, "SELECT id, confidence, score, calculated_at, student_id,"
                    + " margin_of_error, trend, velocity, predicted_tier, num_similar_alumni FROM trajectory_scores");
            assertThat(scoreAfter.keySet()).isEqualTo(scoreBefore.keySet());
            scoreBefore.forEach((id, old) -> {
                List<Object> now = scoreAfter.get(id);
                assertThat(now.get(0)).as("confidence of score %d (confidence_level %s)", id, old.get(0))
                        .isEqualTo(old.get(0) == null ? null : CONFIDENCE.get((String) old.get(0)));
                assertThat(now.subList(1, 4)).isEqualTo(old.subList(1, 4));
                assertThat(now.subList(4, 9)).containsOnlyNulls();
            });
            assertThat(scoreBefore.values()).extracting(r -> r.get(0)).contains("High", "Medium", "Low", null);

            assertThat(rows(c, students)).isEqualTo(studentBefore);
            assertThat(rows(c, wellbeing.formatted("digital_wellbeing_data"))).isEqualTo(wellbeingBefore);

            steps.rollbackTo("1.0");

            assertThat(rows(c, recommendations1)).isEqualTo(recBefore);
            assertThat(rows(c, scores1)).isEqualTo(scoreBefore);
            assertThat(rows(c, students)).isEqualTo(studentBefore);
            assertThat(rows(c, wellbeing.formatted("digital_wellbeing_daily"))).isEqualTo(wellbeingBefore);
            assertThat(RowChecksums.of(c, TRAJECTORY.excludedTables())).isEqualTo(checksums);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void rowsWrittenAt20GetTheirOldColumnsBackByTheDocumentedMapping(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = TRAJECTORY.load(db);
            steps.update();
            st.executeUpdate("INSERT INTO students (id, name, email) VALUES (1, 'Asha', 'asha@trajectory.test')");
            double[] confidences = {0.85, 0.75, 0.74, 0.45, 0.44, 0.0, 1.0};
            for (int i = 0; i < confidences.length; i++) {
                st.executeUpdate("INSERT INTO trajectory_scores (id, student_id, score, confidence, trend) VALUES ("
                        + (i + 1) + ", 1, 50, " + confidences[i] + ", 'stable')");
            }
            st.executeUpdate("INSERT INTO trajectory_scores (id, student_id, score) VALUES (8, 1, 50)");
            st.executeUpdate("INSERT INTO recommendations (id, student_id, title, description, impact, estimated_points)"
                    + " VALUES (1, 1, 'Mock interview', 'Book a mock interview with the placement cell', 'High', 4.5),"
                    + " (2, 1, 'Only a title', NULL, NULL, NULL), (3, 1, NULL, NULL, 'Low', -2)");

            steps.rollbackTo("1.0");

            assertThat(column(c, "SELECT confidence_level FROM trajectory_scores ORDER BY id"))
                    .containsExactly("High", "High", "Medium", "Medium", "Low", "Low", "High", null);
            assertThat(rows(c, "SELECT id, content, impact_level, estimated_score_gain FROM recommendations"))
                    .isEqualTo(Map.of(
                            1L, List.of("Book a mock interview with the placement cell", "High", 4.5),
                            2L, listOf("Only a title", null, null),
                            3L, listOf("", "Low", -2.0)));
        }
    }

    private static List<Object> listOf(Object... values) {
        List<Object> out = new ArrayList<>();
        java.util.Collections.addAll(out, values);
        return out;
    }

    private static List<Object> column(Connection c, String sql) throws SQLException {
        List<Object> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getObject(1));
            }
        }
        return out;
    }

    /**
     * The rows of a query by their first column. Numbers are compared as doubles (the value a FLOAT column holds,
     * and what a NUMERIC value reads as), booleans as booleans, everything else as the driver's text.
     */
    private static Map<Long, List<Object>> rows(Connection c, String sql) throws SQLException {
        Map<Long, List<Object>> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 2; i <= md.getColumnCount(); i++) {
                    row.add(value(rs, md, i));
                }
                out.put(rs.getLong(1), row);
            }
        }
        return new TreeMap<>(out);
    }

    private static Object value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        Object o = rs.getObject(i);
        if (o == null) {
            return null;
        }
        String type = md.getColumnTypeName(i).toUpperCase();
        String name = md.getColumnName(i);
        if (name.equals("completed")) {
            return rs.getBoolean(i);
        }
        if (o instanceof Number && !name.endsWith("_id") || type.startsWith("NUMERIC") || type.startsWith("FLOAT")) {
            return rs.getDouble(i);
        }
        return rs.getString(i);
    }
}
