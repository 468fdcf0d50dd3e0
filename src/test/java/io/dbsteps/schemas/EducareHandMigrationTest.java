package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.harness.HandMigrationProof;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database on which someone already ran the first k statements of the migration plan by hand
 * (hand-migration/educare/*.sql, 29 statements: 4 tables, 7 columns, 5 default-user statements, 2 to link students,
 * 2 to assign them, 9 indexes) converges to release 2.0 when dbsteps updates it: the schema equals that of a clean
 * update, and the data keeps the rules of release 2.0.
 */
class EducareHandMigrationTest {
    private static final Target EDUCARE = Target.shipped("educare");
    private static final HandMigrationProof PROOF = new HandMigrationProof(EDUCARE, "1.0");
    private static final Map<TestDb.Kind, HandMigrationProof.CleanHead> HEAD = new EnumMap<>(TestDb.Kind.class);

    /** The schema of a clean update to head, once per database; its observer stays open until the class ends. */
    private static synchronized SchemaSnapshot head(TestDb.Kind kind) {
        return HEAD.computeIfAbsent(kind, PROOF::cleanHead).schema();
    }

    @AfterAll
    static void dropHeads() throws Exception {
        for (HandMigrationProof.CleanHead head : HEAD.values()) {
            head.close();
        }
    }

    @Test
    void theScriptsHoldThePlansStatementsForBothDatabases() {
        List<String> sqlite = PROOF.statements(TestDb.Kind.SQLITE);
        List<String> postgres = PROOF.statements(TestDb.Kind.POSTGRESQL);
        assertThat(sqlite).hasSize(29);
        assertThat(postgres).hasSize(29);
        assertThat(sqlite.get(4)).endsWith("\nALTER TABLE students ADD COLUMN user_id INTEGER;");
        assertThat(postgres.get(4)).endsWith("\nALTER TABLE students ADD COLUMN user_id INTEGER UNIQUE;");
        assertThat(sqlite.get(28)).isEqualTo(
                "CREATE INDEX IF NOT EXISTS idx_assignments_student ON teacher_student_assignments(student_id);");
    }

    @ParameterizedTest(name = "first {0} statements by hand on SQLite")
    @ValueSource(ints = {0, 1, 4, 5, 11, 13, 16, 17, 18, 20, 22, 29})
    void sqliteConverges(int k) {
        SchemaSnapshot head = head(TestDb.Kind.SQLITE);
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            PROOF.convergesAfter(k, db, head);
        }
    }

    @ParameterizedTest(name = "first {0} statements by hand on PostgreSQL")
    @ValueSource(ints = {1, 5, 11, 17, 20, 29})
    void postgresqlConverges(int k) {
        SchemaSnapshot head = head(TestDb.Kind.POSTGRESQL);
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            PROOF.convergesAfter(k, db, head);
        }
    }

    /**
     * With students in the database, a partial hand migration and the update leave every student with exactly one
     * account, and every student assigned to a real teacher: the plan's accounts are linked, not duplicated.
     */
    @ParameterizedTest(name = "students kept whole after the first {0} statements by hand on SQLite")
    @ValueSource(ints = {11, 16, 17, 19, 29})
    void studentDataConverges(int k) throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = EDUCARE.load(db);
            steps.updateTo("1.0");
            EducareData.students(c, 41);
            for (String sql : PROOF.statements(TestDb.Kind.SQLITE).subList(0, k)) {
                st.execute(sql);
            }
            steps.update();

            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students WHERE user_id IS NULL")).isZero();
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users WHERE role = 'student'")).isEqualTo(41);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students s JOIN users u ON u.id = s.user_id"
                    + " WHERE u.role = 'student' AND u.email = s.email")).isEqualTo(41);
            long teachers = EducareData.count(c, "SELECT COUNT(*) FROM teachers");
            assertThat(teachers).isEqualTo(k >= 16 ? 2 : 0);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teacher_student_assignments a"
                    + " JOIN teachers t ON t.id = a.teacher_id")).isEqualTo(teachers > 0 ? 41 : 0);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teacher_student_assignments")).isEqualTo(teachers > 0 ? 41 : 0);
            assertThat(EducareData.count(c, "SELECT COUNT(DISTINCT student_id) FROM teacher_student_assignments"))
                    .isEqualTo(teachers > 0 ? 41 : 0);
        }
    }
}
