package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SQLite URL names a file that a command may create, in a directory that exists: a temporary database or a typo in
 * a directory is refused before anything opens, and a read-only command on a file that does not exist leaves none.
 */
class SqlitePathTest {
    @TempDir
    Path dir;

    @Test
    void aUrlWithoutAFileIsAUsageErrorNotATemporaryDatabase() {
        for (String url : new String[] {"jdbc:sqlite:", "jdbc:sqlite::memory:", "jdbc:sqlite:file:x.db?mode=memory"}) {
            CliRunner.Run run = CliRunner.run("update", "--schema", "codorch", "--url", url);
            assertThat(run.code()).as(url + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(url).startsWith("error [INVALID_CONFIGURATION]").hasLineCount(1)
                    .contains("names no database file").contains("Nothing was changed");
            assertThat(run.out()).as(url).doesNotContain("Applied");
        }
        assertThatThrownBy(() -> DbSteps.configure().url("jdbc:sqlite::memory:").schema("codorch").load())
                .isInstanceOfSatisfying(DbStepsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void aMistypedDirectoryIsCaughtAndNothingIsCreated() {
        Path typo = dir.resolve("relase").resolve("app.db");
        CliRunner.Run run = CliRunner.run("update", "--schema", "codorch", "--url", "jdbc:sqlite:" + typo);
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).hasLineCount(1).startsWith("error [CONNECTION_FAILED]").contains("does not exist");
        assertThat(dir.resolve("relase")).doesNotExist();

        CliRunner.Run directory = CliRunner.run("update", "--schema", "codorch", "--url", "jdbc:sqlite:" + dir);
        assertThat(directory.code()).as(directory.err()).isEqualTo(1);
        assertThat(directory.err()).hasLineCount(1).startsWith("error [CONNECTION_FAILED]");
    }

    @Test
    void aReadOnlyCommandOnAMissingFileLeavesNoFileButAnUpdateCreatesIt() throws IOException {
        Path file = dir.resolve("new.db");
        String url = "jdbc:sqlite:" + file;
        for (String[] read : new String[][] {{"status"}, {"history"}, {"validate"}, {"sql"}, {"drift"}}) {
            String[] args = Stream.concat(Stream.of(read), Stream.of("--schema", "codorch", "--url", url))
                    .toArray(String[]::new);
            CliRunner.Run run = CliRunner.run(args);
            assertThat(file).as(read[0] + ": " + run.out() + run.err()).doesNotExist();
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).as(read[0]).isEmpty();
            }
        }
        CliRunner.Run status = CliRunner.run("status", "--schema", "codorch", "--url", url);
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("16 changesets pending");

        CliRunner.Run update = CliRunner.run("update", "--schema", "codorch", "--url", url);
        assertThat(update.code()).as(update.err()).isZero();
        assertThat(Files.size(file)).isPositive();
        assertThat(CliRunner.run("status", "--schema", "codorch", "--url", url).out()).contains("up to date");
    }
}
