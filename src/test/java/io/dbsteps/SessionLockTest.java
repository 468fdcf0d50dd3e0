package io.dbsteps;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dbsteps' lock is a session lock: a process that died leaves nothing that blocks the next one, a live holder is
 * never robbed, and Liquibase's lock row still keeps plain Liquibase clients out while dbsteps works.
 */
class SessionLockTest {

    @org.junit.jupiter.api.Test
    void everyCommandOfAProcessUsesTheSessionLockNotOnlyTheFirst() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.updateCount(1); // Liquibase resets its lock services after every update
            steps.updateCount(1);
            java.nio.file.Path lockFile = java.nio.file.Path.of(db.url().substring("jdbc:sqlite:".length())
                    + ".dbsteps_codorch_lock");
            java.nio.file.Files.delete(lockFile);
            steps.updateCount(1);
            assertThat(lockFile).as("the third command took the session lock again").exists();
        }
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String lockRow(Connection c) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT LOCKED, LOCKEDBY FROM dbsteps_codorch_lock WHERE ID = 1")) {
            rs.next();
            return rs.getBoolean(1) + " " + rs.getString(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aLockRowLeftByADeadDbstepsProcessIsTakenOver(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").lockWait(Duration.ZERO).load();
            steps.updateCount(1);
            exec(c, "UPDATE dbsteps_codorch_lock SET LOCKED = " + (kind == TestDb.Kind.SQLITE ? "1" : "TRUE")
                    + ", LOCKEDBY = 'dbsteps 999999@gone-host', LOCKGRANTED = CURRENT_TIMESTAMP WHERE ID = 1");
            assertThat(steps.update().steps()).isNotEmpty();
            assertThat(lockRow(c)).isEqualTo("false null");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aLockRowHeldByAPlainLiquibaseClientIsRespectedAndNamed(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").lockWait(Duration.ofMillis(300)).load();
            steps.updateCount(1);
            exec(c, "UPDATE dbsteps_codorch_lock SET LOCKED = " + (kind == TestDb.Kind.SQLITE ? "1" : "TRUE")
                    + ", LOCKEDBY = 'build-agent-7 (10.1.2.3)', LOCKGRANTED = CURRENT_TIMESTAMP WHERE ID = 1");
            long start = System.nanoTime();
            refused(steps::update, ErrorCode.LOCKED, "the lock was held by build-agent-7 (10.1.2.3) since");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the wait is bounded")
                    .isLessThan(Duration.ofSeconds(5));
            refused(steps::update, ErrorCode.LOCKED, "a Liquibase client without dbsteps");
            assertThat(steps.history().applied()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aLiveHolderIsNeverRobbedAndTheWaiterSaysWhoHoldsIt(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection holder = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").lockWait(Duration.ofMillis(500)).load();
            steps.updateCount(1);
            AutoCloseable held;
            if (kind == TestDb.Kind.POSTGRESQL) {
                int key = ("public.dbsteps_codorch_lock").hashCode();
                exec(holder, "SELECT pg_advisory_lock(" + 0x64627374 + ", " + key + ")");
                held = () -> exec(holder, "SELECT pg_advisory_unlock(" + 0x64627374 + ", " + key + ")");
            } else {
                Path file = Path.of(db.url().substring("jdbc:sqlite:".length()) + ".dbsteps_codorch_lock");
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock();
                held = () -> {
                    lock.release();
                    channel.close();
                };
            }
            refused(steps::update, ErrorCode.LOCKED, "for longer than the 500 ms dbsteps waits");
            if (kind == TestDb.Kind.POSTGRESQL) {
                refused(steps::update, ErrorCode.LOCKED, "server process");
            }
            assertThat(steps.history().applied()).as("nothing ran while the lock was held").hasSize(1);
            held.close();
            assertThat(steps.update().steps()).isNotEmpty();
        }
    }
}
