package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TenantTargets;
import io.dbsteps.testing.TestDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in every command's {@code --help}, and every command in the README's code blocks, runs as written, through a shell (pipes into jq included), with
 * {@code dbsteps} on the PATH as the CLI jar. Examples on the default SQLite file run in a working directory per
 * schema, in the order a release manager would type them. Two things of an example are replaced, because they name
 * a machine that is not here: the PostgreSQL URL {@code jdbc:postgresql://db:5432/app} and its user {@code app} become
 * the test server's, and {@code tenants.txt} is written with two namespaces of it.
 */
class CliExamplesIT {
    private static final Pattern SCHEMA = Pattern.compile("--schema (\\S+)");
    private static final List<String> COMMANDS = List.of("update", "rollback", "tag", "status", "history", "sql",
            "validate", "release", "drift", "adopt", "archives", "schemas");

    @TempDir
    Path work;

    /** An example and what it must do on the state the earlier examples left. */
    private record Example(String line, int phase, int exit) {
    }

    @Test
    void everyHelpExampleRunsAsWritten() throws Exception {
        Set<String> lines = new LinkedHashSet<>(examples(help()));
        for (String command : COMMANDS) {
            lines.addAll(examples(help(command, "--help")));
        }
        assertThat(lines).as("the help texts have examples").hasSizeGreaterThan(15);
        List<String> readme = readmeCommands();
        assertThat(readme).as("the README's CLI examples").hasSizeGreaterThanOrEqualTo(3);
        lines.addAll(readme);
        lines.add(PREPARE_RECRUITING);
        List<Example> ordered = lines.stream().map(CliExamplesIT::classify)
                .sorted(Comparator.comparingInt(Example::phase)).toList();

        Path bin = Files.createDirectories(work.resolve("bin"));
        Path wrapper = bin.resolve("dbsteps");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -jar '" + jar() + "' \"$@\"\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();

        try (TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL); TenantTargets tenants = TenantTargets.create(2, 0)) {
            adoptable(pg);
            List<String> targets = new ArrayList<>();
            tenants.all().forEach(t -> targets.add(t.url()));
            for (Example example : ordered) {
                Matcher schema = SCHEMA.matcher(example.line());
                Path dir = Files.createDirectories(work.resolve(schema.find() ? schema.group(1) : "any"));
                Files.write(dir.resolve("tenants.txt"), targets);
                String line = example.line().replace("jdbc:postgresql://db:5432/app", pg.url())
                        .replace("--user app", pg.user() == null ? "" : "--user " + pg.user());
                Run run = shell(line, dir, bin, pg.password());
                assertThat(run.exit()).as("%s%n%s", example.line(), run.output()).isEqualTo(example.exit());
                assertThat(run.output()).as(example.line()).doesNotContain("error [USAGE]")
                        .doesNotContain("error [INTERNAL]").doesNotContain("Exception");
                if (example.exit() == 0) {
                    assertThat(run.output()).as(example.line()).doesNotContain("error [");
                }
            }
        }
    }

    /** Brings recruiting to its newest release after the release example rolled back, for the README's rollbacks. */
    private static final String PREPARE_RECRUITING = "dbsteps update --schema recruiting";

    /** The commands in the README's code blocks; the command list, whose lines are syntax, is not run. */
    private static List<String> readmeCommands() throws java.io.IOException {
        List<String> out = new ArrayList<>();
        boolean block = false;
        for (String l : Files.readAllLines(Path.of("README.md"))) {
            if (l.startsWith("```")) {
                block = !block;
            } else if (block && l.startsWith("dbsteps ") && !l.contains("--schema S")
                    && !l.matches(".*\\S {2,}\\S.*")) { // the command list: a syntax, then a description
                out.add(l.strip());
            }
        }
        return out;
    }

    /** The example's place in the sequence, and its exit code there. */
    private static Example classify(String line) {
        String verb = line.split("\\s+")[1];
        boolean fleet = line.contains("--targets");
        int phase = switch (verb) {
            case "update" -> line.contains("--to") ? 2 : 1;
            case "tag" -> 3;
            case "status", "history", "sql", "validate", "drift", "schemas", "archives" -> 4;
            case "rollback" -> line.contains("--dry-run") ? 5 : line.contains("--count") ? 7 : 6;
            case "release" -> 0; // first: on a new database its check finds no resumes and it rolls back
            default -> 8; // adopt, on a schema of its own
        };
        if (line.startsWith("dbsteps adopt")) {
            return new Example(line, 0, 0); // on a database migrated to 1.0 without dbsteps, made first
        }
        // the example's check asks for resumes, and a new database has none: the release is rolled back (exit 3)
        int exit = line.startsWith("dbsteps release") ? 3 : 0;
        return new Example(line, (fleet ? 10 : 0) + phase, exit);
    }

    /** A trajectory database at 1.0, migrated without dbsteps: the schema, without dbsteps' tables. */
    private void adoptable(TestDb pg) throws Exception {
        Path dir = Files.createDirectories(work.resolve("trajectory"));
        Path file = dir.resolve("dbsteps.db");
        assertThat(CliRunner.run("update", "--schema", "trajectory", "--to", "1.0", "--url", "jdbc:sqlite:" + file)
                .code()).isZero();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            List<String> own = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
                    + "'dbsteps%'")) {
                while (rs.next()) {
                    own.add(rs.getString(1));
                }
            }
            for (String table : own) {
                st.execute("DROP TABLE " + table);
            }
        }
        Files.deleteIfExists(dir.resolve("dbsteps.db.dbsteps_trajectory_lock"));
    }

    private static List<String> examples(String help) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : help.lines().toList()) {
            if (l.startsWith("Example")) {
                in = true;
            } else if (in && l.startsWith("  dbsteps ")) {
                out.add(l.strip());
            }
        }
        return out;
    }

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        assertThat(Main.run(args.length == 0 ? new String[] {"--help"} : args, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true))).isZero();
        return out.toString();
    }

    private static String jar() {
        String jar = System.getProperty("dbsteps.cli.jar");
        assertThat(jar).as("the failsafe configuration names the CLI jar").isNotNull();
        return jar;
    }

    private record Run(int exit, String output) {
    }

    private static Run shell(String line, Path dir, Path bin, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", line).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("DBSTEPS_PASSWORD");
        if (password != null) {
            pb.environment().put("DBSTEPS_PASSWORD", password);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(line).isTrue();
        return new Run(p.exitValue(), out);
    }
}
