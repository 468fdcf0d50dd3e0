package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes scripts can trust, and one line per failure: 1 for a failure, with no Java stack trace unless --verbose
 * asks for it; 2 for a missing, conflicting or malformed option, before anything runs.
 */
class CliExitCodesTest {
    @TempDir
    Path dir;

    private Path failing() throws Exception {
        return Files.writeString(dir.resolve("fail.yaml"), """
                databaseChangeLog:
                - changeSet:
                    id: ok
                    author: t
                    changes:
                    - createTable: {tableName: a, columns: [{column: {name: id, type: int}}]}
                - changeSet:
                    id: bad
                    author: t
                    changes:
                    - sql: {sql: INSERT INTO nosuch VALUES (1)}
                """);
    }

    private CliRunner.Run run(TestDb db, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = db.url();
        return CliRunner.run(all);
    }

    @Test
    void aFailingChangesetIsOneLineOnStandardErrorAndExitOne() throws Exception {
        failing();
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            CliRunner.Run r = run(db, "update", "--changelog", "fail.yaml", "--search-path", dir.toString(),
                    "--table-prefix", "app");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("error [CHANGESET_FAILED]: Schema app: update failed at changeset "
                    + "fail.yaml::bad::t").hasLineCount(1).doesNotContain("\tat ");
            CliRunner.Run verbose = run(db, "update", "--changelog", "fail.yaml", "--search-path", dir.toString(),
                    "--table-prefix", "app", "--verbose");
            assertThat(verbose.code()).isEqualTo(1);
            assertThat(verbose.err()).contains("error [CHANGESET_FAILED]").contains("\tat ");
        }
    }

    @Test
    void conflictingOrMissingOptionsAreUsageErrorsThatChangeNothing() {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            CliRunner.Run both = run(db, "update", "--schema", "codorch", "--to", "1.0", "--count", "2");
            assertThat(both.code()).isEqualTo(2);
            assertThat(both.err()).startsWith("error [USAGE]: --to and --count cannot be combined").hasLineCount(1);
            CliRunner.Run none = run(db, "status");
            assertThat(none.code()).isEqualTo(2);
            assertThat(none.err()).contains("No schema was given. Pass --schema with one of")
                    .doesNotContain("schema(...)").hasLineCount(1);
            CliRunner.Run noPrefix = run(db, "status", "--changelog", "db/changelog.yaml");
            assertThat(noPrefix.code()).isEqualTo(2);
            assertThat(noPrefix.err()).contains("needs --table-prefix");
            assertThat(run(db, "status", "--schema", "codorch").out()).contains("16 changesets pending");
        }
    }

    @Test
    void everyDurationOptionTakesOneSyntaxAndRefusesOverflow() {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            for (String value : new String[] {"30s", "5m", "1h", "PT30S", "1500ms", "30"}) {
                CliRunner.Run r = run(db, "status", "--schema", "codorch", "--lock-wait", value);
                assertThat(r.code()).as(value + ": " + r.err()).isZero();
            }
            for (String[] bad : new String[][] {{"--lock-wait", "2562048h"}, {"--lock-wait", "soon"},
                {"--lock-wait", "P99999999D"}, {"--lock-wait", "25h"}, {"--lock-wait", "99999999999999999999d"},
                {"--table-lock-timeout", "0"}}) {
                CliRunner.Run r = run(db, "update", "--schema", "codorch", bad[0], bad[1]);
                assertThat(r.code()).as(bad[1]).isEqualTo(2);
                assertThat(r.err()).startsWith("error [USAGE]").hasLineCount(1).doesNotContain("DATABASE_ERROR");
                assertThat(r.err()).containsAnyOf("is not a duration", "at most a day", "positive");
            }
            CliRunner.Run timeout = run(db, "release", "--schema", "codorch", "--to", "1.0", "--check-sql",
                    "SELECT 1", "--check-timeout", "30x");
            assertThat(timeout.code()).isEqualTo(2);
            assertThat(timeout.err()).contains("'30x' is not a duration").doesNotContain("Usage:");
            CliRunner.Run release = run(db, "release", "--schema", "codorch", "--to", "1.0", "--check-sql",
                    "SELECT 1", "--check-timeout", "PT30S");
            assertThat(release.code()).as(release.err()).isZero();
        }
    }

    @Test
    void aParameterTheChangelogDoesNotUseIsAUsageErrorThatListsTheOnesItDoes() {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            CliRunner.Run typo = run(db, "update", "--schema", "educare", "-P", "admin_password_hash=x");
            assertThat(typo.code()).as(typo.err()).isEqualTo(2);
            assertThat(typo.err()).hasLineCount(1).startsWith("error [INVALID_CONFIGURATION]")
                    .contains("uses no parameter named admin_password_hash")
                    .contains("educare_admin_password_hash").contains("educare_sample_data")
                    .contains("nothing was changed");
            assertThat(run(db, "status", "--schema", "educare").out()).contains("changesets pending");
            CliRunner.Run used = run(db, "update", "--schema", "educare", "-P", "educare_sample_data=off");
            assertThat(used.code()).as(used.err()).isZero();
            // a property the changelog declares counts as known even where nothing uses it (JHipster's floatType)
            CliRunner.Run declared = run(db, "status", "--changelog", "master.xml", "--search-path",
                    Path.of("src/test/resources/corpus/jhipster-sample-app").toAbsolutePath().toString(),
                    "--table-prefix", "jh", "-P", "floatType=real");
            assertThat(declared.code()).as(declared.err()).isZero();
        }
    }

    @Test
    void everyCommandsHelpListsItsExitCodes() {
        for (String command : new String[] {"update", "rollback", "tag", "status", "history", "sql", "validate",
            "release", "drift", "adopt", "archives", "schemas"}) {
            String help = CliRunner.run(command, "--help").out();
            assertThat(help).as(command).contains("Exit codes:").contains("  0   done").contains("  1   the command failed")
                    .contains("  2   usage error");
            assertThat(help.contains("  3   a guarded release was rolled back")).as(command).isEqualTo(command.equals("release"));
            assertThat(help.contains("  4   drift")).as(command).isEqualTo(command.equals("drift"));
        }
        assertThat(CliRunner.run("--help").out()).contains("  3   a guarded release").contains("  4   drift");
    }
}
