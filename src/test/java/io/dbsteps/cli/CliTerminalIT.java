package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI jar colours its errors on a real terminal (a pseudo-terminal made by util-linux {@code script}), and not
 * when its output is piped or {@code NO_COLOR} is set.
 */
class CliTerminalIT {
    private static final String ESC = "\u001B[";

    @TempDir
    Path workDir;

    String run(boolean terminal, Map<String, String> env) throws IOException, InterruptedException {
        String jar = System.getProperty("dbsteps.cli.jar");
        assertThat(jar).as("the failsafe configuration names the CLI jar").isNotNull();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-jar", jar, "rollback", "--schema", "codorch", "--to", "9.9",
                "--url", "jdbc:sqlite:" + workDir.resolve("t.db"));
        List<String> cmd = new ArrayList<>();
        if (terminal) {
            Path script = Path.of("/usr/bin/script");
            assertThat(script).as("util-linux script runs the CLI on a pseudo-terminal (apt-get install bsdutils)")
                    .exists();
            cmd.addAll(List.of(script.toString(), "-q", "-e", "-c", String.join(" ", command.stream()
                    .map(a -> "'" + a + "'").toList()), "/dev/null"));
        } else {
            cmd.addAll(command);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("error [UNKNOWN_TAG]");
        return out;
    }

    @Test
    void colourOnATerminalOnlyAndNeverWithNoColor() throws Exception {
        assertThat(run(true, Map.of())).as("on a terminal").contains(ESC + "31merror [UNKNOWN_TAG]" + ESC + "0m");
        assertThat(run(true, Map.of("NO_COLOR", "1"))).as("NO_COLOR on a terminal").doesNotContain(ESC);
        assertThat(run(false, Map.of())).as("piped").doesNotContain(ESC);
        assertThat(Files.exists(workDir.resolve("t.db"))).isTrue();
    }
}
