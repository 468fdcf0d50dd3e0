package io.dbsteps;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.cli.CliRunner;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Timeouts are real: a health check past its timeout is cancelled and the rollback starts at once, even when the
 * check never returns or holds a lock on a table the rollback drops; and a duration beyond any sensible wait is
 * refused before anything runs.
 */
class HealthCheckTimeoutTest {
    private static DbSteps load(TestDb db) {
        return db.configure().changelog("guard/changelog.yaml", "guard").load();
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aCheckThatNeverReturnsIsAbandonedAtItsTimeoutAndTheReleaseRolledBack(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = load(db);
            steps.updateTo("v1-alpha");
            long start = System.nanoTime();
            ReleaseResult r = steps.release("v2-Beta", () -> {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // it ignores the interrupt, as a stuck check would
                    }
                }
            }, Duration.ofMillis(500));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            assertThat(r.reason()).isEqualTo("the health check did not answer within 500 ms and was cancelled");
            assertThat(steps.history().currentTag()).isEqualTo("v1-alpha");
            assertThat(steps.status().unverified()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aSqlCheckPastItsTimeoutIsCancelledSoTheRollbackDoesNotWaitBehindIt(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = load(db);
            steps.updateTo("v1-alpha");
            // reads the table the rollback drops, and never ends by itself
            String endless = kind == TestDb.Kind.POSTGRESQL
                    ? "SELECT COUNT(*) >= 0 FROM extras, (SELECT pg_sleep(120)) AS s"
                    : "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
                            + "SELECT (SELECT COUNT(*) FROM extras) >= 0 AND (SELECT COUNT(*) FROM r) > 0";
            long start = System.nanoTime();
            ReleaseResult r = steps.release("v2-Beta", HealthCheck.sql(endless), Duration.ofSeconds(1));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            assertThat(r.reason()).startsWith("the health check did not answer within 1000 ms and was cancelled");
            assertThat(r.rollback().steps()).hasSize(3);
            assertThat(took).as("the rollback did not wait for the check's query").isLessThan(Duration.ofSeconds(30));
            assertThat(steps.history().currentTag()).isEqualTo("v1-alpha");
            if (kind == TestDb.Kind.POSTGRESQL) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND state = 'active' "
                                + "AND pid <> pg_backend_pid()")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the check's query was cancelled on the server").isZero();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anAbsurdTimeoutIsRefusedBeforeAnythingRuns(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = load(db);
            steps.updateTo("v1-alpha");
            refused(() -> steps.release("v2-Beta", () -> true, Duration.ofSeconds(9_300_000_000_000_000L)),
                    ErrorCode.INVALID_ARGUMENT, "at most a day");
            refused(() -> steps.release("v2-Beta", () -> true, Duration.ofNanos(1)), ErrorCode.INVALID_ARGUMENT,
                    "at least one millisecond");
            assertThat(steps.history().applied()).hasSize(2);
            assertThat(steps.status().unverified()).isNull();
            assertThatThrownBy(() -> db.configure().lockWait(Duration.ofSeconds(Long.MAX_VALUE)))
                    .isInstanceOf(DbStepsException.class).hasMessageContaining("at most a day");
            assertThatThrownBy(() -> db.configure().tableLockTimeout(Duration.ZERO))
                    .isInstanceOf(DbStepsException.class).hasMessageContaining("positive");
        }
    }

    @Test
    void theCliRefusesAnAbsurdCheckTimeoutAsAUsageErrorAndRunsNothing() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            CliRunner.Run run = CliRunner.run("release", "--changelog", "guard/changelog.yaml", "--table-prefix",
                    "guard", "--url", db.url(), "--to", "v1-alpha", "--check-sql", "SELECT 1",
                    "--check-timeout", "9300000000000000");
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("9300000000000000").contains("at most a day");
            assertThat(load(db).history().applied()).isEmpty();
        }
    }
}
