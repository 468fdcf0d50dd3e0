package io.dbsteps.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.Archive;
import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.DroppedData;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.RollbackResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rollback from the undo store tells a table rebuild from a drop, as a rollback from the changelog does: an undo
 * that copies every row of a table into a new one before it drops the table loses only the columns the copy leaves
 * out. Those are planned and archived; a rebuild that copies every column is no drop at all.
 */
class StoredUndoRebuildTest {

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aStoredRebuildArchivesTheColumnItLeavesOutAndNothingElse(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            db.configure().changelog("rollback-rebuild/full.yaml", "rebuild").load().update();
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO items (id, name, note) VALUES (1, 'a', 'kept'), (2, 'b', NULL)");
            }
            DbSteps older = db.configure().changelog("rollback-rebuild/older.yaml", "rebuild").load();

            RollbackPlan plan = older.planRollbackCount(2);
            assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("3-index", "2-note");
            assertThat(plan.steps()).allMatch(PlannedStep::fromUndoStore);
            assertThat(plan.steps().get(0).drops()).as("a rebuild that copies every column drops nothing").isEmpty();
            assertThat(plan.steps().get(1).drops()).as("the rebuild leaves out note: its one value is lost")
                    .containsExactly(new DroppedData("items", "note", 1));

            RollbackResult r = older.rollback(plan, DataPolicy.ARCHIVE);
            assertThat(r.archives()).singleElement().satisfies(a -> {
                assertThat(a.table()).isEqualTo("items");
                assertThat(a.column()).isEqualTo("note");
                assertThat(a.rows()).isEqualTo(1);
            });
            Archive note = r.archives().get(0);
            assertThat(query(c, "SELECT id, note FROM " + note.archiveTable())).containsExactly("1|kept");
            assertThat(query(c, "SELECT id, name FROM items ORDER BY id")).as("the rows stay").containsExactly("1|a",
                    "2|b");
        }
    }

    private static List<String> query(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }
}
