package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.testing.TableBlocker;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, waiting for another session's table lock is bounded and visible: DDL tries a few short times and
 * then fails naming the session that holds the lock, with the changesets before it applied and the blocked one not;
 * reading the tracking table under another session's lock fails after the lock wait.
 */
class TableLockWaitTest {
    private static DbSteps load(TestDb db, Duration lockWait) {
        return db.configure().changelog("guard/changelog.yaml", "guard").lockWait(lockWait)
                .tableLockTimeout(Duration.ofMillis(200)).tableLockRetries(2).load();
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void ddlBlockedByAnIdleTransactionFailsAfterItsRetriesNamingTheBlockerAndWhatChanged() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection blocker = db.connect()) {
            DbSteps steps = load(db, Duration.ofSeconds(5));
            steps.updateTo("v1-alpha");
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.executeQuery("SELECT * FROM items").close(); // an idle transaction that read the table
            }
            long start = System.nanoTime();
            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.TABLE_LOCKED))
                    .hasMessageContaining("stopped at changeset guard/changelog.yaml::v2-02-add-note::test")
                    .hasMessageContaining("waited 3 times for a table lock (lock_timeout 200 ms each")
                    .hasMessageContaining("server process " + pid(blocker) + " (user ")
                    .hasMessageContaining("state idle in transaction")
                    .hasMessageContaining("holds AccessShareLock on items in a transaction open for")
                    .hasMessageContaining("That changeset changed nothing and is not recorded; the changesets applied "
                            + "before it stay applied");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            List<AppliedChange> applied = steps.history().applied();
            assertThat(applied.get(applied.size() - 1).id()).isEqualTo("v2-01-create-extras");
            try (Statement st = blocker.createStatement()) {
                assertThat(st.executeQuery("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = "
                        + "'items' AND column_name = 'note'")).satisfies(rs -> {
                            rs.next();
                            assertThat(rs.getInt(1)).isZero();
                        });
            }
            blocker.commit();
            assertThat(steps.update().toTag()).isEqualTo("v3-gamma");
        }
    }

    @Test
    void aStatementBlockedBrieflySucceedsOnARetry() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection blocker = db.connect()) {
            DbSteps steps = load(db, Duration.ofSeconds(5));
            steps.updateTo("v1-alpha");
            TableBlocker.read(blocker, "items");
            Thread release = TableBlocker.commitAfter(blocker, 300);
            assertThat(steps.update().toTag()).isEqualTo("v3-gamma");
            release.join();
        }
    }

    @Test
    void readingALockedTrackingTableFailsAfterTheLockWait() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection blocker = db.connect()) {
            DbSteps steps = load(db, Duration.ofSeconds(1));
            steps.update();
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE guard_log IN ACCESS EXCLUSIVE MODE");
            }
            for (Runnable command : List.<Runnable>of(steps::status, steps::history, steps::update)) {
                long start = System.nanoTime();
                assertThatThrownBy(command::run).isInstanceOf(DbStepsException.class)
                        .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.LOCKED))
                        .hasMessageContaining("for longer than the lock wait");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
            blocker.rollback();
            assertThat(steps.status().currentTag()).isEqualTo("v3-gamma");
        }
    }
}
