package io.dbsteps.ext.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * addPrimaryKey makes its columns NOT NULL on SQLite as PostgreSQL does, so that a NULL is refused on both, and an
 * existing NULL stops the changeset on both with nothing changed.
 */
class AddPrimaryKeyNotNullTest {
    private static final String CHANGELOG = "sqlite-edges/add-primary-key.yaml";

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void thePrimaryKeysColumnsBecomeNotNullAsOnPostgresql(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog(CHANGELOG, "pk").load();
            steps.update();
            assertThat(nullable(c, "code")).isFalse();
            assertThat(nullable(c, "label")).isTrue();
            assertThatThrownBy(() -> exec(c, "INSERT INTO codes (code, label) VALUES (NULL, 'x')"))
                    .as("a NULL key is refused").isInstanceOf(java.sql.SQLException.class);
            steps.rollbackCount(1);
            assertThat(nullable(c, "code")).as("dropping the key keeps NOT NULL, as on PostgreSQL").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anExistingNullStopsTheChangesetAndChangesNothing(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog(CHANGELOG, "pk").load();
            steps.updateCount(1);
            exec(c, "INSERT INTO codes (code, label) VALUES (NULL, 'no code')");
            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("2-primary-key");
            assertThat(nullable(c, "code")).isTrue();
            assertThat(steps.history().applied()).hasSize(1);
        }
    }

    private static boolean nullable(Connection c, String column) throws Exception {
        try (ResultSet rs = c.getMetaData().getColumns(null, null, "codes", column)) {
            assertThat(rs.next()).as("column %s exists", column).isTrue();
            return rs.getInt("NULLABLE") != java.sql.DatabaseMetaData.columnNoNulls;
        }
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
