package io.dbsteps.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.AppliedChange;
import io.dbsteps.Archive;
import io.dbsteps.DbSteps;
import io.dbsteps.DroppedData;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.RollbackResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plans, archives and stored undo use the SQL that really runs: {@code modifySql} with {@code applyToRollback: true}
 * rewrites {@code renamedREPLACE} to {@code renamedtrue} in the update and in the rollback, so the plan must name
 * renamedtrue with its rows, the archive must keep them, and the undo store must drop renamedtrue. A
 * {@code modifySql} for another database ({@code dbms: mssql}) must change nothing.
 */
class RollbackExactSqlTest {
    private static final String FULL = "rollback-exact/modify-sql.yaml";
    private static final String OLDER = "rollback-exact/modify-sql-older.yaml";

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void thePlanAndTheArchiveNameTheTableModifySqlRewrote(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().changelog(FULL, "exact").load();
            steps.update();
            insertRows(db);

            RollbackPlan plan = steps.planRollbackCount(2);
            assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("3-not-for-rollback", "2-rewritten");
            assertThat(String.join("\n", plan.steps().get(1).sql()).toLowerCase(Locale.ROOT))
                    .contains("renamedtrue").doesNotContain("renamedreplace");
            assertThat(plan.drops()).extracting(d -> d.table().toLowerCase(Locale.ROOT), DroppedData::rows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("keptname", 1L),
                            org.assertj.core.groups.Tuple.tuple("renamedtrue", 2L));

            RollbackResult r = steps.rollback(plan, io.dbsteps.DataPolicy.ARCHIVE);

            assertThat(r.archives()).extracting(a -> a.table().toLowerCase(Locale.ROOT), Archive::rows)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("keptname", 1L),
                            org.assertj.core.groups.Tuple.tuple("renamedtrue", 2L));
            Archive archive = r.archives().stream().filter(a -> a.table().equalsIgnoreCase("renamedtrue"))
                    .findFirst().orElseThrow();
            assertThat(count(db, archive.archiveTable())).isEqualTo(2);
            assertThat(tableExists(db, "renamedtrue")).isFalse();
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("1-base");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theUndoStoreKeptTheRewrittenSqlSoAnOlderChangelogDropsTheRightTable(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            db.configure().changelog(FULL, "exact").load().update();
            insertRows(db);
            DbSteps older = db.configure().changelog(OLDER, "exact").load();

            RollbackPlan plan = older.planRollbackCount(2);
            assertThat(plan.steps()).allMatch(PlannedStep::fromUndoStore);
            assertThat(plan.drops()).extracting(d -> d.table().toLowerCase(Locale.ROOT), DroppedData::rows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("keptname", 1L),
                            org.assertj.core.groups.Tuple.tuple("renamedtrue", 2L));

            RollbackResult r = older.rollback(plan, io.dbsteps.DataPolicy.ARCHIVE);

            assertThat(r.steps()).hasSize(2);
            assertThat(r.archives()).extracting(a -> a.table().toLowerCase(Locale.ROOT), Archive::rows)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("keptname", 1L),
                            org.assertj.core.groups.Tuple.tuple("renamedtrue", 2L));
            assertThat(tableExists(db, "renamedtrue")).isFalse();
            assertThat(tableExists(db, "keptname")).isFalse();
            assertThat(older.history().applied()).extracting(AppliedChange::id).containsExactly("1-base");
        }
    }

    private static void insertRows(TestDb db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertThat(tableExists(db, "renamedtrue")).as("modifySql renamed the table in the update").isTrue();
            st.executeUpdate("INSERT INTO renamedtrue (id) VALUES (1), (2)");
            st.executeUpdate("INSERT INTO keptname (id) VALUES (1)");
        }
    }

    private static boolean tableExists(TestDb db, String table) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                return rs.next();
            } catch (java.sql.SQLException e) {
                return false;
            }
        }
    }

    private static long count(TestDb db, String table) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
