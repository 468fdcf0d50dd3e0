package io.dbsteps.cli;

import static io.dbsteps.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/** {@code --lock-wait} bounds the wait for another process's lock; a value that is no wait is a usage error. */
class CliLockWaitTest {

    @Test
    void theWaitForAHeldLockIsBoundedByLockWait() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            String[] killable = {"--changelog", "killable/changelog.yaml", "--table-prefix", "killable"};
            assertThat(cli(db, with(killable, "update", "--to", "1.0")).code()).isZero();
            Path lockFile = Path.of(db.url().substring("jdbc:sqlite:".length()) + ".killable_lock");
            try (FileChannel held = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                 var lock = held.lock()) {
                long start = System.nanoTime();
                CliTest.Run run = cli(db, with(killable, "update", "--lock-wait", "300ms"));
                assertThat(run.code()).isEqualTo(1);
                assertThat(run.err()).contains("longer than the 300 ms dbsteps waits");
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
            }
            CliTest.Run after = cli(db, with(killable, "update", "--lock-wait", "0"));
            assertThat(after.code()).as(after.err()).isZero();
        }
    }

    @Test
    void aLockRowMarkedByAClientThatNamedNothingIsDescribedNotNull() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            String[] killable = {"--changelog", "killable/changelog.yaml", "--table-prefix", "killable"};
            assertThat(cli(db, with(killable, "update", "--to", "1.0")).code()).isZero();
            try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE killable_lock SET LOCKED = 1, LOCKGRANTED = NULL, LOCKEDBY = NULL WHERE ID = 1");
            }
            CliTest.Run run = cli(db, with(killable, "update", "--lock-wait", "0"));
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).hasLineCount(1).startsWith("error [LOCKED]")
                    .contains("held by a client that did not name itself").doesNotContain("null");
        }
    }

    @Test
    void aWaitThatIsNotADurationIsAUsageError() {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            CliTest.Run run = cli(db, "update", "--schema", "codorch", "--lock-wait", "soon");
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error [USAGE]: Invalid value for option '--lock-wait': 'soon' is not a "
                    + "duration; give one e.g. 500ms, 30s, 5m, 1h or PT30S.").hasLineCount(1);
        }
    }

    private static String[] with(String[] options, String... command) {
        String[] all = new String[command.length + options.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(options, 0, all, command.length, options.length);
        return all;
    }
}
