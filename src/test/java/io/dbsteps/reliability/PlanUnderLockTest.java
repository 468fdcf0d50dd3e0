package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dbsteps.AppliedChange;
import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.RollbackResult;
import io.dbsteps.Step;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The plan that runs is the plan shown. A rollback started while an update runs in another process waits for the
 * lock, then plans under it: given the plan shown before (made while the update was still running), it refuses with PLAN_CHANGED
 * and changes nothing; planned afresh, it runs exactly its new plan and reports those steps.
 */
class PlanUnderLockTest {
    private static final String CHANGELOG = "rollback-exact/slow-update.yaml";

    @Test
    void aRollbackStartedDuringAnUpdateRunsThePlanMadeUnderTheLockOrRefuses() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            DbSteps steps = db.configure().changelog(CHANGELOG, "locked").load();
            steps.updateCount(2);
            ChildJvm update = ChildJvm.start(db, "update", "changelog:" + CHANGELOG + ":locked", null);
            awaitSleeping(db);

            RollbackPlan shown = steps.planRollbackCount(1); // read while the update runs: 2-b is the last applied
            assertThat(shown.steps()).extracting(PlannedStep::id).containsExactly("2-b");
            Throwable thrown = catchThrowable(() -> steps.rollback(shown, DataPolicy.ARCHIVE));

            assertThat(update.exitCode(60)).as(update.output()).isZero();
            assertThat(update.output()).contains("step 3-slow").contains("step 4-d");
            assertThat(thrown).isInstanceOf(DbStepsException.class);
            DbStepsException e = (DbStepsException) thrown;
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.PLAN_CHANGED);
            assertThat(e.getMessage()).contains("the database changed since it was planned")
                    .contains("the plan shown undoes 1 changeset(s), 2-b").contains("now it would undo 1 changeset(s), 4-d")
                    .contains("Nothing was changed");
            assertThat(steps.history().applied()).extracting(AppliedChange::id)
                    .containsExactly("1-a", "2-b", "3-slow", "4-d");

            RollbackPlan fresh = steps.planRollbackCount(2);
            assertThat(fresh.fingerprint()).isNotEqualTo(shown.fingerprint());
            RollbackResult r = steps.rollback(fresh, DataPolicy.ARCHIVE);
            assertThat(r.steps()).extracting(Step::id)
                    .containsExactlyElementsOf(fresh.steps().stream().map(PlannedStep::id).toList());
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("1-a", "2-b");
        }
    }

    @Test
    void aRollbackByCountStartedDuringAnUpdateCountsFromTheStateAfterIt() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            DbSteps steps = db.configure().changelog(CHANGELOG, "locked").load();
            steps.updateCount(2);
            ChildJvm update = ChildJvm.start(db, "update", "changelog:" + CHANGELOG + ":locked", null);
            awaitSleeping(db);

            RollbackResult r = steps.rollbackCount(1);

            assertThat(update.exitCode(60)).as(update.output()).isZero();
            assertThat(r.steps()).as("planned under the lock, after the update: the last applied is 4-d")
                    .extracting(Step::id).containsExactly("4-d");
            assertThat(steps.history().applied()).extracting(AppliedChange::id)
                    .containsExactly("1-a", "2-b", "3-slow");
        }
    }

    /** Waits until the update runs 3-slow, so that it holds the lock. */
    private static void awaitSleeping(TestDb db) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                        + "WHERE query LIKE 'SELECT pg_sleep(4)%' AND state = 'active'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the update never reached 3-slow");
    }
}
