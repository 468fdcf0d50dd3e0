package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.PendingChange;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data rules of release 2.0: one account per student with a deterministic, unique username; accounts that
 * already exist are linked, not duplicated; students are split evenly and deterministically between the teachers
 * that exist; rolling the steps back removes what they added.
 */
class EducareAccountsTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void everyStudentGetsOneAccountEvenWhenNamesAndAddressesAreTaken(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().schema("educare").load();
            steps.updateTo("1.0");
            EducareData.students(c, 120);
            updateUntil(steps, "2.0-14-student-accounts");
            String t = kind == TestDb.Kind.SQLITE ? "1" : "true";
            String f = kind == TestDb.Kind.SQLITE ? "0" : "false";
            // someone else already has student 5's username; student 7 already has an account with their e-mail;
            // a teacher uses student 9's e-mail
            st.executeUpdate("INSERT INTO users (username, email, role, password_reset_required) VALUES"
                    + " ('student005', 'other@school.test', 'teacher', " + t + "),"
                    + " ('legacy7', 'student7@school.test', 'student', " + t + "),"
                    + " ('teacher9', 'student9@school.test', 'teacher', " + t + ")");
            steps.update();

            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students WHERE user_id IS NULL")).isZero();
            assertThat(EducareData.count(c, "SELECT COUNT(DISTINCT user_id) FROM students")).isEqualTo(120);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users WHERE role = 'student'")).isEqualTo(120);
            assertThat(account(c, 5)).containsEntry("username", "student005-5").containsEntry("email", "student5@school.test");
            assertThat(account(c, 7)).containsEntry("username", "legacy7");
            assertThat(account(c, 9)).containsEntry("username", "student009").containsEntry("email", null);
            assertThat(account(c, 42)).containsEntry("username", "student042").containsEntry("full_name", "Student 42")
                    .containsEntry("email", "student42@school.test").containsEntry("role", "student");
            assertThat(account(c, 120)).containsEntry("username", "student120");
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students s JOIN users u ON u.id = s.user_id"
                    + " WHERE u.password_reset_required = " + f)).isZero();

            steps.rollbackTo("1.0");
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students")).isEqualTo(120);
        }
    }

    @Test
    void studentsAreSplitEvenlyAndInTheSameWayOnBothDatabases() throws Exception {
        Map<TestDb.Kind, List<Map<String, String>>> split = new EnumMap<>(TestDb.Kind.class);
        for (TestDb.Kind kind : TestDb.Kind.values()) {
            try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
                DbSteps steps = db.configure().schema("educare").load();
                steps.updateTo("1.0");
                EducareData.students(c, 100);
                updateUntil(steps, "2.0-15-assign-students-to-teachers");
                String t = kind == TestDb.Kind.SQLITE ? "1" : "true";
                for (String name : List.of("ada", "bob", "cy")) {
                    st.executeUpdate("INSERT INTO users (username, role, password_reset_required) VALUES ('" + name
                            + "', 'teacher', " + t + ")");
                    st.executeUpdate("INSERT INTO teachers (user_id) SELECT id FROM users WHERE username = '" + name + "'");
                }
                steps.update();
                split.put(kind, EducareData.rows(c, "SELECT u.username, MIN(a.student_id) AS first,"
                        + " MAX(a.student_id) AS last, COUNT(*) AS n FROM teacher_student_assignments a"
                        + " JOIN teachers t ON t.id = a.teacher_id JOIN users u ON u.id = t.user_id"
                        + " GROUP BY u.username ORDER BY u.username"));
                assertThat(EducareData.count(c, "SELECT COUNT(DISTINCT student_id) FROM teacher_student_assignments"))
                        .isEqualTo(100);
            }
        }
        assertThat(split.get(TestDb.Kind.SQLITE)).containsExactly(
                Map.of("username", "ada", "first", "1", "last", "34", "n", "34"),
                Map.of("username", "bob", "first", "35", "last", "67", "n", "33"),
                Map.of("username", "cy", "first", "68", "last", "100", "n", "33"));
        assertThat(split.get(TestDb.Kind.POSTGRESQL)).isEqualTo(split.get(TestDb.Kind.SQLITE));
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void rollingBackTheDataStepsRemovesTheirAccountsAndLinksOnly(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("educare").contexts("sample-data").load();
            steps.updateTo("1.0");
            EducareData.students(c, 30);
            updateUntil(steps, "2.0-16-students-user-fk");
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users")).isEqualTo(1 + 2 + 30);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teacher_student_assignments")).isEqualTo(30);

            steps.rollbackCount(1); // the assignments
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teacher_student_assignments")).isZero();
            steps.rollbackCount(1); // the student accounts
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users WHERE role = 'student'")).isZero();
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students WHERE user_id IS NOT NULL")).isZero();
            steps.rollbackCount(1); // the sample teachers
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teachers")).isZero();
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users")).isEqualTo(1);
            steps.rollbackCount(1); // the admin
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users")).isZero();
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students")).isEqualTo(30);
        }
    }

    /** Applies the pending changesets that come before the one named. */
    private static void updateUntil(DbSteps steps, String id) {
        List<PendingChange> pending = steps.status().pending();
        int before = pending.stream().map(PendingChange::id).toList().indexOf(id);
        assertThat(before).as("%s is pending", id).isPositive();
        steps.updateCount(before);
    }

    private static Map<String, String> account(Connection c, int studentId) throws Exception {
        List<Map<String, String>> rows = EducareData.rows(c, "SELECT u.username, u.email, u.full_name, u.role"
                + " FROM students s JOIN users u ON u.id = s.user_id WHERE s.id = " + studentId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
