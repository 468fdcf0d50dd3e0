package io.dbsteps.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dbsteps.AppliedChange;
import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rollback is one transaction across its stored-undo part and its changelog part: a host's view on
 * {@code base.extra} blocks the last step, the undo of {@code 2-extra}, and then nothing changes, on PostgreSQL and
 * SQLite alike: schema, every row, the history and the undo store. The message says so. Only a rollback with a
 * {@code runInTransaction: false} step commits changeset by changeset; its plan says so before it runs, and its
 * failure names the changesets that were undone and committed.
 */
class RollbackAtomicityTest {
    private static final String PREFIX = "atomic";

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRollbackEntirelyFromTheUndoStoreChangesNothingWhenItsLastStepFails(TestDb.Kind kind) throws Exception {
        blockedRollbackChangesNothing(kind, "rollback-atomic/older.yaml", 3);
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRollbackPartlyFromTheUndoStoreChangesNothingWhenItsChangelogPartFails(TestDb.Kind kind) throws Exception {
        blockedRollbackChangesNothing(kind, "rollback-atomic/mid.yaml", 3);
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRollbackOfTheChangelogAloneChangesNothingWhenItsLastStepFails(TestDb.Kind kind) throws Exception {
        blockedRollbackChangesNothing(kind, "rollback-atomic/full.yaml", 3);
    }

    private static void blockedRollbackChangesNothing(TestDb.Kind kind, String rollingBack, int count)
            throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            db.configure().changelog("rollback-atomic/full.yaml", PREFIX).load().update();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO base (id, name, extra) VALUES (1, 'a', 10), (2, 'b', 20)");
                st.executeUpdate("INSERT INTO t_b (id) VALUES (1), (2), (3)");
                st.executeUpdate("INSERT INTO t_c (id) VALUES (1)");
                st.executeUpdate("CREATE VIEW v_extra AS SELECT id, extra FROM base");
            }
            State before = State.of(db);
            DbSteps older = db.configure().changelog(rollingBack, PREFIX).load();
            RollbackPlan plan = older.planRollbackCount(count);
            assertThat(plan.oneTransaction()).isTrue();
            assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("4-c", "3-b", "2-extra");

            Throwable thrown = catchThrowable(() -> older.rollbackCount(count));

            assertThat(thrown).isInstanceOf(DbStepsException.class);
            DbStepsException e = (DbStepsException) thrown;
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CHANGESET_FAILED);
            assertThat(e.getMessage())
                    .startsWith("Schema atomic: rollback of 3 changesets failed at changeset "
                            + "rollback-atomic/changelog.yaml::2-extra::test: ")
                    .contains("Nothing was changed: the rollback ran as one transaction, which was rolled back, "
                            + "the 2 changeset(s) undone before the failure included, so every changeset stays "
                            + "applied and no archive was kept.")
                    .doesNotContain("Changesets before it stay applied");
            State after = State.of(db);
            assertThat(before.schema().differencesTo(after.schema())).as("schema unchanged, no archive table")
                    .isEmpty();
            assertThat(after.rows()).as("every row, history and undo store included, unchanged")
                    .isEqualTo(before.rows());
            assertThat(older.history().applied()).extracting(AppliedChange::id)
                    .containsExactly("1-base", "2-extra", "3-b", "4-c");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void withoutTheBlockerTheMixedRollbackCommitsBothPartsAndKeepsEveryArchive(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            db.configure().changelog("rollback-atomic/full.yaml", PREFIX).load().update();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO base (id, name, extra) VALUES (1, 'a', 10), (2, 'b', NULL)");
                st.executeUpdate("INSERT INTO t_b (id) VALUES (1), (2), (3)");
                st.executeUpdate("INSERT INTO t_c (id) VALUES (1)");
            }
            DbSteps mid = db.configure().changelog("rollback-atomic/mid.yaml", PREFIX).load();

            io.dbsteps.RollbackResult r = mid.rollbackCount(3);

            assertThat(r.steps()).extracting(io.dbsteps.Step::id).containsExactly("4-c", "3-b", "2-extra");
            assertThat(r.archives()).extracting(a -> a.table() + "." + a.column() + "=" + a.rows())
                    .containsExactly("t_c.null=1", "t_b.null=3", "base.extra=1");
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (io.dbsteps.Archive a : r.archives()) {
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + a.archiveTable())) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(a.archiveTable()).isEqualTo(a.rows());
                    }
                }
            }
            assertThat(mid.history().applied()).extracting(AppliedChange::id).containsExactly("1-base");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aStepOutsideATransactionIsFlaggedByThePlanAndTheFailureSaysWhatWasCommitted(TestDb.Kind kind)
            throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().changelog("rollback-atomic/outside.yaml", "outside").load();
            steps.update();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO base (id, name, extra) VALUES (1, 'a', 10)");
                st.executeUpdate("CREATE VIEW v_extra AS SELECT id, extra FROM base");
            }
            RollbackPlan plan = steps.planRollbackCount(3);
            assertThat(plan.oneTransaction()).isFalse();
            assertThat(plan.steps()).extracting(PlannedStep::id, PlannedStep::outsideTransaction)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("4-index", true),
                            org.assertj.core.groups.Tuple.tuple("3-b", false),
                            org.assertj.core.groups.Tuple.tuple("2-extra", false));

            Throwable thrown = catchThrowable(() -> steps.rollback(plan, io.dbsteps.DataPolicy.ARCHIVE));

            assertThat(thrown).isInstanceOf(DbStepsException.class);
            assertThat(thrown.getMessage())
                    .contains("failed at changeset rollback-atomic/outside.yaml::2-extra::test")
                    .contains("These 2 changeset(s) were undone and committed: rollback-atomic/outside.yaml::4-index"
                            + "::test, rollback-atomic/outside.yaml::3-b::test because "
                            + "rollback-atomic/outside.yaml::4-index::test cannot run in a transaction "
                            + "(runInTransaction: false)")
                    .contains("the failed one and those after it stay applied")
                    .doesNotContain("Nothing was changed");
            assertThat(steps.history().applied()).extracting(AppliedChange::id)
                    .as("what the message says: 4-index and 3-b undone, 2-extra still applied")
                    .containsExactly("1-base", "2-extra");
        }
    }

    /** A database's schema and every row's checksum at one moment. */
    private record State(SchemaSnapshot schema, SortedMap<String, String> rows) {
        static State of(TestDb db) throws Exception {
            try (Connection c = db.connect()) {
                return new State(SchemaSnapshot.take(c, "none"), RowChecksums.of(c, "none"));
            }
        }
    }
}
