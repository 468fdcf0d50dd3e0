package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test changelogs written into a search path and compiled there as a host's build compiles its own, and the CLI run in
 * a fresh JVM to see whether it loaded Liquibase.
 */
final class CompiledForms {
    private CompiledForms() {
    }

    /** Writes the changelog into the directory and writes its manifest and compiled forms beside it; its file name. */
    static String compile(Path dir, String name, TestDb.Kind kind, String yaml) throws Exception {
        String file = name + "-" + kind + ".yaml";
        Files.writeString(dir.resolve(file), yaml);
        ManifestWriter.main(new String[] {dir.toString(), file});
        return file;
    }

    /** What the CLI printed in a fresh JVM, and whether that JVM loaded any Liquibase class. */
    record CliRun(String output, boolean loadedLiquibase) {
    }

    /** Runs the CLI in a fresh JVM on the SQLite file, logging class loading to a file in the directory; exit 0. */
    static CliRun cli(Path dir, Path db, String... args) throws Exception {
        Path classes = Files.createTempFile(dir, "classes", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                "io.dbsteps.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--url", "jdbc:sqlite:" + db));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        try (Stream<String> lines = Files.lines(classes)) {
            return new CliRun(out, lines.anyMatch(l -> l.contains(" liquibase.")));
        }
    }
}
