package io.dbsteps;

import io.dbsteps.internal.fastpath.UpToDateCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.testing.TestDb;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast path never says "up to date" while another session holds the schema's lock: a no-op update that races a
 * release (whose check then fails and rolls back) waits for the lock within lockWait instead, and after it reports
 * the state the release left, not the one it saw during the check.
 */
class FastPathLockProbeTest {
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aNoOpUpdateDuringAReleaseThatRollsBackIsNeverUpToDate(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps releaser = db.configure().changelog("guard/changelog.yaml", "guard").load();
            DbSteps app = db.configure().changelog("guard/changelog.yaml", "guard").lockWait(Duration.ofMillis(500))
                    .load();
            DbSteps patient = db.configure().changelog("guard/changelog.yaml", "guard")
                    .lockWait(Duration.ofSeconds(60)).allowUnverifiedRelease(true).load();
            releaser.update();
            assertThat(app.update().upToDate()).as("up to date, the lock free").isTrue();
            releaser.rollbackTo("v2-Beta");

            CountDownLatch checking = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            CompletableFuture<ReleaseResult> release = CompletableFuture.supplyAsync(() ->
                    releaser.release("v3-gamma", () -> {
                        checking.countDown();
                        answer.await(60, TimeUnit.SECONDS);
                        return false;
                    }, Duration.ofSeconds(90)));
            assertThat(checking.await(60, TimeUnit.SECONDS)).isTrue();
            // the database is at v3-gamma, every changeset applied: only the lock says a release is in progress
            assertThatThrownBy(app::update).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.LOCKED));
            CompletableFuture<UpdateResult> waiting = CompletableFuture.supplyAsync(patient::update);
            Thread.sleep(300);
            assertThat(waiting).as("waits for the lock").isNotDone();
            answer.countDown();

            assertThat(release.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            UpdateResult after = waiting.get(60, TimeUnit.SECONDS);
            assertThat(after.fromTag()).as("it saw the state after the rollback").isEqualTo("v2-Beta");
            assertThat(after.toTag()).isEqualTo("v3-gamma");
        }
    }

    @org.junit.jupiter.api.Test
    void theLockOfTheSameSchemaInAnotherDatabaseDoesNotCount() throws Exception {
        try (TestDb busy = TestDb.create(TestDb.Kind.POSTGRESQL); TestDb idle = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            DbSteps releaser = busy.configure().changelog("guard/changelog.yaml", "guard").load();
            DbSteps other = idle.configure().changelog("guard/changelog.yaml", "guard").lockWait(Duration.ZERO).load();
            releaser.updateTo("v2-Beta");
            other.update();
            CountDownLatch checking = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            CompletableFuture<ReleaseResult> release = CompletableFuture.supplyAsync(() ->
                    releaser.release("v3-gamma", () -> {
                        checking.countDown();
                        return answer.await(60, TimeUnit.SECONDS);
                    }, Duration.ofSeconds(90)));
            assertThat(checking.await(60, TimeUnit.SECONDS)).isTrue();
            try (java.sql.Connection c = idle.connect()) {
                assertThat(UpToDateCheck.check(((DbStepsAccess) () -> other).settings(), c))
                        .as("the advisory lock of another database is not this one's").isPresent();
            } finally {
                answer.countDown();
            }
            assertThat(release.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
        }
    }
}
