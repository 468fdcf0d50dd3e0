package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * On SQLite, rebuilding a referenced table with foreign keys enforced would delete its children. dbsteps turns
 * enforcement off while it works, turns it back on, and checks every reference afterwards.
 */
class SqliteForeignKeysTest {

    @Test
    void aRebuildOfAReferencedTableKeepsTheChildRowsAndEnforcementComesBack() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE);
             Connection host = DriverManager.getConnection(db.url() + "?foreign_keys=true")) {
            assertThat(pragma(host)).isEqualTo(1);
            DbSteps steps = DbSteps.configure().connection(host).changelog("sqlite-fk/rebuild.yaml", "fk").load();
            steps.updateCount(1);
            try (Statement st = host.createStatement()) {
                st.executeUpdate("INSERT INTO parent (id, name) VALUES (1, 'a'), (2, NULL)");
                st.executeUpdate("INSERT INTO child (id, parent_id) VALUES (10, 1), (20, 2), (30, 2)");
            }

            steps.update();
            assertThat(count(host, "child")).isEqualTo(3);
            steps.rollbackCount(1);
            assertThat(count(host, "child")).isEqualTo(3);

            assertThat(pragma(host)).as("enforcement restored on the borrowed connection").isEqualTo(1);
            assertThat(host.isClosed()).isFalse();
            assertThat(host.getAutoCommit()).isTrue();
        }
    }

    @Test
    void aChangeThatLeavesOrphanedRowsIsRefusedBeforeItsCommitAndChangesNothing() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("sqlite-fk/orphans.yaml", "fk").load();
            steps.updateCount(1);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO parent (id) VALUES (1), (2)");
                st.executeUpdate("INSERT INTO child (id, parent_id) VALUES (10, 1), (20, 2)");
            }
            assertThatThrownBy(steps::update)
                    .isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("refused before its commit: it would leave rows whose foreign keys point at "
                            + "missing rows: child row 20 references a missing row of parent")
                    .hasMessageContaining("That changeset was rolled back and is not recorded")
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.CHANGESET_FAILED));
            assertThat(count(c, "parent")).as("the DELETE was rolled back, not committed").isEqualTo(2);
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("1-tables");
        }
    }

    @Test
    void rowsAlreadyBrokenBeforeTheUpdateAreReportedAndDoNotFailIt() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("sqlite-fk/orphans.yaml", "fk").load();
            steps.updateCount(1);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO parent (id) VALUES (1)");
                st.executeUpdate("INSERT INTO child (id, parent_id) VALUES (10, 1), (30, 7)"); // 30: an orphan already
            }
            UpdateResult r = steps.update();
            assertThat(r.steps()).extracting(Step::id).containsExactly("2-lose-parents");
            assertThat(r.steps().get(0).notes()).singleElement().asString()
                    .contains("1 row(s) already had foreign keys pointing at missing rows before this command")
                    .contains("child row 30 references a missing row of parent");
            RollbackResult back = steps.rollbackCount(1);
            assertThat(back.steps()).extracting(Step::id).containsExactly("2-lose-parents");
        }
    }

    @Test
    void aRollbackThatWouldOrphanRowsIsRefusedBeforeItsCommitAndChangesNothing() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("sqlite-fk/rollback-orphans.yaml", "fk").load();
            steps.update();
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO child (id, parent_id) VALUES (10, 1), (20, 2)");
            }
            assertThatThrownBy(() -> steps.rollbackCount(1))
                    .isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("refused before its commit: it would leave rows whose foreign keys point at "
                            + "missing rows: child row 20 references a missing row of parent")
                    .hasMessageContaining("Nothing was changed");
            assertThat(count(c, "parent")).as("the undo's DELETE was rolled back").isEqualTo(2);
            assertThat(steps.history().applied()).extracting(AppliedChange::id)
                    .containsExactly("1-tables", "2-seed-parents");
        }
    }

    private static int pragma(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int count(Connection c, String table) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
