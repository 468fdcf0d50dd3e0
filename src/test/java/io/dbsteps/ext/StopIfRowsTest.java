package io.dbsteps.ext;

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

/** {@link StopIfRows} in a rollback block and in a changeset's changes, on both databases. */
class StopIfRowsTest {

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRollbackStopsBeforeItChangesAnythingAndSaysHowManyRowsBlockIt(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().changelog("aarlp/stop-if-rows/changelog.yaml", "stop_test").load();
            steps.updateCount(2);
            st.executeUpdate("INSERT INTO tickets (id, status, note) VALUES (1, 'open', 'a'), (2, 'open', 'b'), "
                    + "(3, 'closed', 'c')");

            assertThatThrownBy(() -> steps.rollbackCount(1)).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("2 ticket(s) are still open");
            assertThat(count(c, "SELECT COUNT(note) FROM tickets")).as("the column is still there, with its data")
                    .isEqualTo(3);
            assertThat(steps.history().applied()).hasSize(2);

            st.executeUpdate("UPDATE tickets SET status = 'closed'");
            steps.rollbackCount(1);
            assertThat(steps.history().applied()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aChangeStopsBeforeItsOtherChangesRun(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().changelog("aarlp/stop-if-rows/changelog.yaml", "stop_test").load();
            steps.updateCount(2);
            st.executeUpdate("INSERT INTO tickets (id, status) VALUES (1, 'stuck'), (2, 'open')");

            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("1 ticket(s) are stuck");
            assertThat(count(c, "SELECT COUNT(*) FROM tickets WHERE status = 'closed'")).isZero();

            st.executeUpdate("UPDATE tickets SET status = 'open'");
            steps.update();
            assertThat(count(c, "SELECT COUNT(*) FROM tickets WHERE status = 'closed'")).isEqualTo(2);
        }
    }
}
