package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.cli.CliRunner;
import io.dbsteps.testing.Secrets;
import io.dbsteps.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CLI never prints the password, however it is given: {@code --password}, the environment variable
 * {@code DBSTEPS_PASSWORD}, or inside the URL ({@code ?password=}); when the connection fails, and when it works
 * (with the test server's own password, or one made up where the server takes none; SQLite ignores it). The environment variable is read by a CLI in its own JVM, which also logs at TRACE, so every log line
 * Liquibase and dbsteps write passes the check.
 */
class CliSecretsTest {
    /** How the password reaches the CLI. */
    enum Given { OPTION, URL, ENVIRONMENT }

    private static String newPassword() {
        return Secrets.register("cli-pw-" + UUID.randomUUID().toString().substring(0, 13));
    }

    /** A database that cannot be reached: a closed port, or an SQLite file in a folder that does not exist. */
    private static String unreachable(TestDb.Kind kind) {
        return kind == TestDb.Kind.POSTGRESQL ? "jdbc:postgresql://127.0.0.1:1/app?connectTimeout=2"
                : "jdbc:sqlite:/no/such/folder/app.db";
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void aFailedConnectionNeverPrintsThePassword(TestDb.Kind kind) throws Exception {
        for (Given given : Given.values()) {
            String password = newPassword();
            Printed run = cli(given, unreachable(kind), "app", password, "status", "--schema", "codorch");
            assertThat(run.code()).as("%s: %s", given, run.text()).isEqualTo(1);
            assertThat(run.text()).as(given.toString()).contains("error [CONNECTION_FAILED]")
                    .contains("Could not connect to").doesNotContain(password);
            if (given == Given.URL) {
                assertThat(run.text()).contains("password=****");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void aWorkingRunNeverPrintsThePassword(TestDb.Kind kind) throws Exception {
        List<List<String>> commands = List.of(
                List.of("status", "--schema", "codorch"),
                List.of("sql", "--schema", "codorch"),
                List.of("update", "--schema", "codorch"),
                List.of("history", "--schema", "codorch", "--json"),
                List.of("validate", "--schema", "codorch"),
                List.of("sql", "--schema", "codorch", "--rollback-to", "1.0"),
                List.of("drift", "--schema", "codorch"),
                List.of("rollback", "--schema", "codorch", "--count", "1"),
                List.of("tag", "--schema", "codorch", "audit-tag"),
                List.of("rollback", "--schema", "codorch", "--to", "9.9"));
        for (Given given : Given.values()) {
            try (TestDb db = TestDb.create(kind)) {
                // the server's own password where it has one (registered by TestDb); otherwise one made up
                String password = db.password() != null ? db.password() : newPassword();
                List<Printed> runs = cliSequence(given, db.url(), db.user(), password, commands);
                for (int i = 0; i < commands.size(); i++) {
                    String what = given + " " + String.join(" ", commands.get(i));
                    assertThat(runs.get(i).code()).as("%s: %s", what, runs.get(i).text())
                            .isEqualTo(i == commands.size() - 1 ? 1 : 0);
                    if (password.length() >= Secrets.MIN_LENGTH) {
                        // a shorter one cannot be told apart from words in the output (see Secrets)
                        assertThat(runs.get(i).text()).as(what).doesNotContain(password);
                    }
                }
                assertThat(runs.get(runs.size() - 1).text()).contains("error [UNKNOWN_TAG]");
            }
        }
    }

    record Printed(int code, String text) {
    }

    private static Printed cli(Given given, String url, String user, String password, String... command)
            throws Exception {
        return cliSequence(given, url, user, password, List.of(List.of(command))).get(0);
    }

    /**
     * Runs CLI commands with the password given one way. With the environment variable, the commands run in a JVM
     * of their own ({@link CliCommands}) that logs at TRACE, so every log line passes the check; in-process, the tests'
     * logging configuration applies and the audit reads that output.
     */
    private static List<Printed> cliSequence(Given given, String url, String user, String password,
                                             List<List<String>> commands) throws Exception {
        List<String> common = new ArrayList<>(List.of("--url", given == Given.URL ? withPassword(url, password) : url));
        if (user != null) {
            common.addAll(List.of("--user", user));
        }
        if (given == Given.OPTION) {
            common.addAll(List.of("--password", password));
        }
        List<Printed> out = new ArrayList<>();
        if (given == Given.ENVIRONMENT) {
            List<String> args = new ArrayList<>();
            for (List<String> command : commands) {
                if (!args.isEmpty()) {
                    args.add(CliCommands.NEXT);
                }
                args.addAll(command);
                args.addAll(common);
            }
            ChildJvm.Result r = ChildJvm.run(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=trace"),
                    Map.of("DBSTEPS_PASSWORD", password), CliCommands.class.getName(), args.toArray(String[]::new));
            Secrets.record("dbsteps CLI in its own JVM", r.output());
            out.addAll(CliCommands.parse(r.output()));
            assertThat(out).as(r.output()).hasSize(commands.size());
            return out;
        }
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.addAll(common);
            CliRunner.Run r = CliRunner.run(args.toArray(String[]::new));
            out.add(new Printed(r.code(), r.out() + r.err()));
        }
        return out;
    }

    private static String withPassword(String url, String password) {
        return url + (url.contains("?") ? "&" : "?") + "password=" + password;
    }
}
