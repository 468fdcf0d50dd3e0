package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changelog input is bounded: an alias bomb, a changelog that includes itself and a file nested too deeply are
 * refused as INVALID_CHANGELOG, naming the file, at once and before anything is written to the database.
 */
class HostileChangelogTest {
    @TempDir
    Path dir;

    /** Nine levels of nine aliases each: a few hundred bytes that expand to 387 million nodes. */
    private Path aliasBomb() throws Exception {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                y.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        y.append("databaseChangeLog:\n- changeSet:\n    id: bomb\n    author: x\n    comment: *a9\n    changes:\n"
                + "    - sql: {sql: SELECT 1}\n");
        return Files.writeString(dir.resolve("bomb.yaml"), y.toString());
    }

    private DbSteps load(TestDb db, String file) {
        return DbSteps.configure().url(db.url()).searchPath(dir).changelog(file, "hostile").load();
    }

    private static void refusedUntouched(TestDb db, Runnable r, String... words) throws Exception {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DbStepsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHANGELOG);
            assertThat(e.getMessage()).contains(words);
        });
        try (Connection c = db.connect()) {
            assertThat(io.dbsteps.internal.jdbc.Tables.exists(c, "hostile_log")).as("nothing written").isFalse();
        }
    }

    @Test
    @Timeout(60)
    void anAliasBombIsRefusedAtOnce() throws Exception {
        aliasBomb();
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            long start = System.nanoTime();
            refusedUntouched(db, () -> load(db, "bomb.yaml").update(), "bomb.yaml", "alias");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void aChangelogThatIncludesItselfIsRefused() throws Exception {
        Files.writeString(dir.resolve("loop.yaml"), "databaseChangeLog:\n- include:\n    file: loop.yaml\n"
                + "    relativeToChangelogFile: true\n");
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            refusedUntouched(db, () -> load(db, "loop.yaml").status(), "loop.yaml");
        }
    }

    @Test
    void nestingBeyondTheLimitIsRefused() throws Exception {
        Files.writeString(dir.resolve("deep.yaml"), "databaseChangeLog: " + "[".repeat(500) + "]".repeat(500) + "\n");
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            refusedUntouched(db, () -> load(db, "deep.yaml").status(), "deep.yaml", "nests");
        }
    }
}
