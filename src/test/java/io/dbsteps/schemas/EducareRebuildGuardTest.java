package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
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
import org.junit.jupiter.api.Test;

/**
 * On SQLite, release 2.0 rebuilds students, alerts, interventions and counselling_logs to add their foreign keys.
 * io.dbsteps.ext.SafeToRebuild stops such a rebuild before it starts when it would lose rows (foreign-key
 * enforcement on: dropping students would cascade to every alert) or an index the changelog does not recreate.
 */
class EducareRebuildGuardTest {
    private static final String CHANGELOG = "dbsteps/educare/changelog.yaml";

    @Test
    void plainLiquibaseWithForeignKeysEnforcedIsStoppedBeforeAnyRowIsLost() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE);
             Connection enforcing = DriverManager.getConnection(db.url() + "?foreign_keys=true");
             Connection c = db.connect()) {
            liquibase(enforcing, "updateToTag");
            EducareData.students(c, 20);
            assertThatThrownBy(() -> liquibase(enforcing, "update"))
                    .hasStackTraceContaining("Rebuilding table students with SQLite foreign-key enforcement on would "
                            + "delete the rows that reference it");
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM alerts")).isEqualTo(20);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM interventions")).isEqualTo(20);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM databasechangelog"
                    + " WHERE id = '2.0-16-students-user-fk'")).isZero();

            try (Connection plain = db.connect()) {
                liquibase(plain, "update");
            }
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM alerts")).isEqualTo(20);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM pragma_foreign_key_list('students')")).isEqualTo(1);
        }
    }

    @Test
    void anIndexTheChangelogDoesNotKnowStopsTheRebuild() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().schema("educare").load();
            steps.updateTo("1.0");
            EducareData.students(c, 5);
            st.execute("CREATE INDEX host_students_name ON students (name)");
            assertThatThrownBy(steps::update)
                    .isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("2.0-16-students-user-fk")
                    .hasMessageContaining("Rebuilding table students would drop index host_students_name, which this "
                            + "changelog does not create again");
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'host_students_name'"))
                    .isEqualTo(1);
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM pragma_foreign_key_list('students')")).isZero();

            st.execute("DROP INDEX host_students_name");
            steps.update();
            st.execute("CREATE INDEX host_students_name ON students (name)");
            assertThat(EducareData.count(c, "SELECT COUNT(*) FROM students s JOIN users u ON u.id = s.user_id"))
                    .isEqualTo(5);
        }
    }

    private static void liquibase(Connection connection, String command) throws Exception {
        Map<String, Object> scope = new HashMap<>();
        scope.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor());
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Scope.child(scope, () -> {
            CommandScope cs = new CommandScope(command)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG);
            if (command.equals("updateToTag")) {
                cs.addArgumentValue(UpdateToTagCommandStep.TAG_ARG, "1.0");
            }
            cs.execute();
        });
    }
}
