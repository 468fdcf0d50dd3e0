package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as a user runs it: the shaded jar in a fresh working directory, with no URL, so
 * the default SQLite file is created there.
 */
class CliJarIT {
    @TempDir
    Path workDir;

    record Run(int code, String out) {
    }

    Run java(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("dbsteps.cli.jar");
        assertThat(jar).as("the failsafe configuration names the CLI jar").isNotNull();
        assertThat(Path.of(jar)).as("mvn package builds the CLI jar").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theReadmeCommandsWorkOnAFreshSqliteFile() throws Exception {
        Run update = java("update", "--schema", "codorch");
        assertThat(update.code()).as(update.out()).isZero();
        assertThat(update.out()).contains("codorch: 16 changesets applied").doesNotContain("WARN").doesNotContain("INFO");
        assertThat(Files.exists(workDir.resolve("dbsteps.db"))).isTrue();

        assertThat(java("status", "--schema", "codorch").out()).contains("up to date at tag 1.0");
        assertThat(java("history", "--schema", "codorch").out()).contains("16 changesets applied, current tag 1.0");
        assertThat(java("sql", "--schema", "codorch", "--rollback-to", "1.0").code()).isZero();

        Run rollback = java("rollback", "--schema", "codorch", "--count", "16");
        assertThat(rollback.code()).as(rollback.out()).isZero();
        assertThat(rollback.out()).contains("16 changesets rolled back");
        assertThat(java("sql", "--schema", "codorch").out()).contains("CREATE TABLE users");

        Run version = java("--version");
        assertThat(version.out()).startsWith("dbsteps 0.");
        Run bad = java("rollback", "--schema", "codorch", "--to", "nope");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("error [UNKNOWN_TAG]");
    }
}
