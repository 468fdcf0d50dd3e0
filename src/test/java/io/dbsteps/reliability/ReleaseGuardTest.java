package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.ReleaseResult;
import io.dbsteps.StatusResult;
import io.dbsteps.UnverifiedRelease;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guard of a release outlives its process. A release records its intent before it updates; a process killed
 * during the health check (SIGKILL) leaves the release unverified, which status and history show, which a plain
 * update refuses to build on, and which the next run of the release finishes (rolling back to the recorded
 * pre-release tag if the check fails). A process stopped with SIGTERM during the check rolls back before it exits.
 * After each, the database is at the pre-release tag or at the verified release, never in between.
 */
class ReleaseGuardTest {
    private static final String CHANGELOG = "changelog:guard/changelog.yaml:guard";

    private static DbSteps load(TestDb db) {
        return db.configure().changelog("guard/changelog.yaml", "guard").load();
    }

    private static String state(TestDb db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT state FROM guard_release ORDER BY id DESC")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Starts a child releasing v2-Beta from v1-alpha, and waits until its health check runs. */
    private static ChildJvm releaseUntilTheCheck(TestDb db) throws Exception {
        load(db).updateTo("v1-alpha");
        ChildJvm child = ChildJvm.start(db, "release:v2-Beta", CHANGELOG, null);
        assertThat(child.awaitLine("checking"::equals, 120_000)).as("the child reached its check:%n%s", child.output())
                .isTrue();
        return child;
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleaseKilledDuringItsCheckStaysUnverifiedUntilItsRerunRollsItBack(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            ChildJvm child = releaseUntilTheCheck(db);
            assertThat(child.kill()).isTrue();

            DbSteps steps = load(db);
            StatusResult status = steps.status();
            UnverifiedRelease open = status.unverified();
            assertThat(open).isNotNull();
            assertThat(open.target()).isEqualTo("v2-Beta");
            assertThat(open.preReleaseTag()).isEqualTo("v1-alpha");
            assertThat(status.currentTag()).isEqualTo("v2-Beta");
            assertThat(steps.history().unverified()).isEqualTo(open);

            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("the release of v2-Beta (from tag v1-alpha")
                    .hasMessageContaining("is unverified").hasMessageContaining("--allow-unverified")
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.UNVERIFIED_RELEASE));
            assertThatThrownBy(() -> steps.release("v3-gamma", () -> true, Duration.ofSeconds(5)))
                    .hasMessageContaining("Rerun the release of v2-Beta");
            assertThat(steps.history().applied()).as("nothing was built on it").hasSize(5);

            ReleaseResult rerun = steps.release("v2-Beta", () -> false, Duration.ofSeconds(5));
            assertThat(rerun.resumed()).isTrue();
            assertThat(rerun.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            assertThat(rerun.safeTag()).as("the recorded pre-release tag, not the release itself").isEqualTo("v1-alpha");
            assertThat(rerun.rollback().steps()).hasSize(3);
            assertThat(steps.history().currentTag()).isEqualTo("v1-alpha");
            assertThat(steps.history().applied()).hasSize(2);
            assertThat(steps.status().unverified()).isNull();
            assertThat(state(db)).isEqualTo("ROLLED_BACK");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRerunWhoseCheckPassesVerifiesTheRelease(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            releaseUntilTheCheck(db).kill();
            DbSteps steps = load(db);
            DbSteps allowing = db.configure().changelog("guard/changelog.yaml", "guard").allowUnverifiedRelease(true)
                    .load();
            assertThat(steps.status().unverified()).isNotNull();
            ReleaseResult rerun = steps.release("v2-Beta", () -> true, Duration.ofSeconds(5));
            assertThat(rerun.resumed()).isTrue();
            assertThat(rerun.outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
            assertThat(rerun.update().steps()).isEmpty();
            assertThat(state(db)).isEqualTo("VERIFIED");
            assertThat(steps.status().unverified()).isNull();
            assertThat(steps.release("v2-Beta", () -> false, Duration.ofSeconds(5)).outcome())
                    .isEqualTo(ReleaseResult.Outcome.NOTHING_TO_DO);
            assertThat(allowing.update().toTag()).isEqualTo("v3-gamma");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anExplicitFlagBuildsOnAnUnverifiedRelease(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            releaseUntilTheCheck(db).kill();
            DbSteps allowing = db.configure().changelog("guard/changelog.yaml", "guard").allowUnverifiedRelease(true)
                    .load();
            assertThat(allowing.update().toTag()).isEqualTo("v3-gamma");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void sigtermDuringTheCheckRollsBackBeforeTheProcessExits(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            ChildJvm child = releaseUntilTheCheck(db);
            assertThat(child.terminate(120)).as("the child exited:%n%s", child.output()).isTrue();

            assertThat(child.output()).contains("the process is stopping during the release of v2-Beta")
                    .contains("step v2-02-add-note").contains("step v2-01-create-extras");
            DbSteps steps = load(db);
            assertThat(steps.history().currentTag()).isEqualTo("v1-alpha");
            assertThat(steps.history().applied()).hasSize(2);
            assertThat(steps.status().unverified()).isNull();
            assertThat(state(db)).isEqualTo("ROLLED_BACK");
        }
    }
}
