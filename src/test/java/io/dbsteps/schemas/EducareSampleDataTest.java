package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plan's two sample teachers are seeded only when asked for: the context sample-data named explicitly, or the
 * parameter educare_sample_data=on. Without either, no client seeds them, including plain Liquibase, which (like
 * the stock Maven plugin and Spring Boot) runs every context-filtered changeset when it is given no contexts.
 */
class EducareSampleDataTest {
    private static final String CHANGELOG = "dbsteps/educare/changelog.yaml";

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void dbstepsSeedsNoTeachersByDefault(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            update(db.configure().schema("educare").load(), c, 10);
            assertNoSampleTeachers(c);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void otherContextsDoNotSeedThem(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            update(db.configure().schema("educare").contexts("production", "!sample-data").load(), c, 10);
            assertNoSampleTeachers(c);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void theSampleDataContextSeedsThePlansTeachersAndSplitsTheStudentsBetweenThem(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            update(db.configure().schema("educare").contexts("sample-data").load(), c, 25);
            assertSampleTeachers(c);
            assertThat(EducareData.rows(c, "SELECT u.username, MIN(a.student_id) AS first, MAX(a.student_id) AS last,"
                    + " COUNT(*) AS n FROM teacher_student_assignments a JOIN teachers t ON t.id = a.teacher_id"
                    + " JOIN users u ON u.id = t.user_id GROUP BY u.username ORDER BY u.username"))
                    .containsExactly(
                            Map.of("username", "teacher.john", "first", "1", "last", "13", "n", "13"),
                            Map.of("username", "teacher.sarah", "first", "14", "last", "25", "n", "12"));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void theParameterSeedsThemWithoutAnyContext(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            update(db.configure().schema("educare").parameter("educare_sample_data", "on").load(), c, 4);
            assertSampleTeachers(c);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teacher_student_assignments")).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void plainLiquibaseWithoutContextsSeedsNoTeachers(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            plainLiquibase(db, null, null, c, 10);
            assertNoSampleTeachers(c);
            assertThat(EducareData.rows(c, "SELECT exectype FROM databasechangelog WHERE id = '2.0-13-sample-teachers'"))
                    .as("the changeset ran, and inserted nothing").containsExactly(Map.of("exectype", "EXECUTED"));
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users WHERE role = 'student'")).isEqualTo(10);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void plainLiquibaseWithTheSampleDataContextSeedsThem(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            plainLiquibase(db, "sample-data", null, c, 10);
            assertSampleTeachers(c);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void plainLiquibaseWithTheParameterSeedsThem(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            plainLiquibase(db, null, Map.of("educare_sample_data", "on"), c, 10);
            assertSampleTeachers(c);
        }
    }

    private static void update(DbSteps steps, Connection c, int students) throws Exception {
        steps.updateTo("1.0");
        EducareData.students(c, students);
        steps.update();
    }

    /** Updates to 1.0, adds students and updates to head as a plain Liquibase client would, without dbsteps. */
    private static void plainLiquibase(TestDb db, String contexts, Map<String, String> parameters, Connection c,
                                       int students) throws Exception {
        Map<String, Object> scope = new HashMap<>();
        scope.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor());
        try (Connection lc = db.connect()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(lc));
            Scope.child(scope, () -> {
                CommandScope toBase = new CommandScope("updateToTag")
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateToTagCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                        .addArgumentValue(UpdateToTagCommandStep.TAG_ARG, "1.0");
                CommandScope toHead = new CommandScope("update")
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG);
                if (contexts != null) {
                    toBase.addArgumentValue(UpdateToTagCommandStep.CONTEXTS_ARG, contexts);
                    toHead.addArgumentValue(UpdateCommandStep.CONTEXTS_ARG, contexts);
                }
                if (parameters != null) {
                    liquibase.changelog.ChangeLogParameters params = new liquibase.changelog.ChangeLogParameters(database);
                    parameters.forEach(params::set);
                    toHead.addArgumentValue(liquibase.command.core.helpers.DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS,
                            params);
                }
                toBase.execute();
                EducareData.students(c, students);
                toHead.execute();
            });
        }
    }

    private static void assertNoSampleTeachers(Connection c) throws Exception {
        assertThat(EducareData.count(c, "SELECT COUNT(*) FROM users WHERE role = 'teacher'")).isZero();
        assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teachers")).isZero();
        assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teacher_student_assignments")).isZero();
    }

    private static void assertSampleTeachers(Connection c) throws Exception {
        List<Map<String, String>> teachers = EducareData.rows(c, "SELECT u.username, u.email, u.full_name, u.department,"
                + " u.password_hash, t.subjects FROM teachers t JOIN users u ON u.id = t.user_id ORDER BY u.username");
        assertThat(teachers).hasSize(2);
        assertThat(teachers.get(0)).containsEntry("username", "teacher.john").containsEntry("email", "john.doe@educare.edu")
                .containsEntry("full_name", "John Doe").containsEntry("department", "Computer Science")
                .containsEntry("subjects", "[\"Programming\", \"Data Structures\"]");
        assertThat(teachers.get(1)).containsEntry("username", "teacher.sarah").containsEntry("full_name", "Sarah Wilson")
                .containsEntry("subjects", "[\"Calculus\", \"Statistics\"]");
        assertThat(teachers).allSatisfy(t -> assertThat(t.get("password_hash")).isNull());
        long students = EducareData.count(c, "SELECT COUNT(*) FROM students");
        assertThat(EducareData.count(c, "SELECT COUNT(DISTINCT student_id) FROM teacher_student_assignments"))
                .as("every student assigned once").isEqualTo(students);
        assertThat(EducareData.count(c, "SELECT COUNT(*) FROM teacher_student_assignments")).isEqualTo(students);
    }
}
