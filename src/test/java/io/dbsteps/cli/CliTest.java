package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.Secrets;
import io.dbsteps.testing.TestDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CLI's commands, output and exit codes, run in-process against both databases. */
class CliTest {

    record Run(int code, String out, String err) {
    }

    static Run cli(TestDb db, String... args) {
        String[] full = new String[args.length + (db.user() == null ? 2 : 4)];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--url";
        full[args.length + 1] = db.url();
        if (db.user() != null) {
            full[args.length + 2] = "--user";
            full[args.length + 3] = db.user();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(full, new PrintWriter(out, true), new PrintWriter(err, true));
        Secrets.record("dbsteps CLI", out + "\n" + err); // for the secret audit
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void updateStatusHistoryRollbackAndSqlInBothDirections(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            Run pending = cli(db, "status", "--schema", "codorch");
            assertThat(pending.code()).isZero();
            assertThat(pending.out()).contains("codorch: at tag (none), 16 changesets pending:")
                    .containsPattern("1\\.0-tag\\s+dbsteps/codorch/1\\.0\\.yaml\\s+1\\.0\\s+tagDatabase");

            Run sql = cli(db, "sql", "--schema", "codorch");
            assertThat(sql.code()).isZero();
            assertThat(sql.out()).contains("CREATE TABLE users").contains("CREATE TABLE opportunities");

            Run update = cli(db, "update", "--schema", "codorch");
            assertThat(update.code()).isZero();
            assertThat(update.out()).containsPattern("(?m)^  applied {6}1\\.0-01-create-users +\\d+ ms$")
                    .containsPattern("(?m)^  applied {6}1\\.0-tag +\\d+ ms  \\[tag 1\\.0\\]$")
                    .containsPattern("codorch: 16 changesets applied in [0-9.]+ m?s; tag \\(none\\) -> 1\\.0");
            assertThat(update.out().lines().filter(l -> l.startsWith("  applied"))).hasSize(16);

            assertThat(cli(db, "update", "--schema", "codorch").out())
                    .contains("codorch: up to date at tag 1.0, nothing to apply.");
            Run history = cli(db, "history", "--schema", "codorch");
            assertThat(history.out()).contains("codorch: 16 changesets applied, current tag 1.0")
                    .containsPattern("ID +FILE +APPLIED AT +HOW +TAG")
                    .containsPattern("1\\.0-tag +dbsteps/codorch/1\\.0\\.yaml +\\S+ +EXECUTED +1\\.0");

            Run undoSql = cli(db, "sql", "--schema", "codorch", "--rollback-to", "1.0");
            assertThat(undoSql.code()).isZero();
            assertThat(undoSql.out()).doesNotContain("DROP TABLE");

            Run rollback = cli(db, "rollback", "--schema", "codorch", "--count", "16");
            assertThat(rollback.code()).isZero();
            assertThat(rollback.out().lines().filter(l -> l.startsWith("  rolled back"))).hasSize(16);
            assertThat(rollback.out()).contains("codorch: 16 changesets rolled back in").contains("tag 1.0 -> (none)");
            assertThat(cli(db, "history", "--schema", "codorch").out()).contains("0 changesets applied");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aFailureExitsWithOneAndTheErrorsMessage(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            Run unknown = cli(db, "rollback", "--schema", "codorch", "--to", "9.9");
            assertThat(unknown.code()).isEqualTo(1);
            assertThat(unknown.err()).startsWith("error [UNKNOWN_TAG]: Schema codorch: tag '9.9'");
            Run schema = cli(db, "status", "--schema", "payroll");
            assertThat(schema.code()).as("a bad --schema value is a usage error").isEqualTo(2);
            assertThat(schema.err()).contains("error [UNKNOWN_SCHEMA]").contains("codorch");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aDryRunPrintsThePlanAndARollbackArchivesUnlessToldToDiscard(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); java.sql.Connection c = db.connect();
             java.sql.Statement st = c.createStatement()) {
            String[] safety = {"--changelog", "safety/full.yaml", "--table-prefix", "safety"};
            assertThat(cli(db, concat(new String[] {"update"}, safety)).code()).isZero();
            st.executeUpdate("INSERT INTO items (id, name, note) VALUES (1, 'a', 'n'), (2, 'b', NULL)");
            st.executeUpdate("INSERT INTO extras (id) VALUES (7)");

            Run dry = cli(db, concat(new String[] {"rollback", "--to", "1.0", "--dry-run"}, safety));
            assertThat(dry.code()).isZero();
            assertThat(dry.out()).contains("safety: rollback plan, tag 3.0 -> 1.0, 6 changesets:")
                    .containsPattern("#\\s+CHANGESET\\s+UNDONE BY\\s+DROPS")
                    .containsPattern("5\\s+2\\.0-02-add-note\\s+raw SQL\\s+column items\\.note: 1 value")
                    .containsPattern("6\\s+2\\.0-01-create-extras\\s+changelog\\s+table extras: 1 row")
                    .contains("-- safety/2.0.yaml::2.0-02-add-note::test")
                    .contains("ALTER TABLE items DROP COLUMN note;");
            assertThat(cli(db, concat(new String[] {"history"}, safety)).out()).contains("current tag 3.0");

            Run rollback = cli(db, concat(new String[] {"rollback", "--to", "2.0"}, safety));
            assertThat(rollback.out()).contains("rollback plan, tag 3.0 -> 2.0").contains("  rolled back  3.0-tag")
                    .contains("3 changesets rolled back");
            Run discard = cli(db, concat(new String[] {"rollback", "--to", "1.0", "--discard-data"}, safety));
            assertThat(discard.code()).isZero();
            assertThat(discard.out()).doesNotContain("archived");

            assertThat(cli(db, concat(new String[] {"update"}, safety)).code()).isZero();
            st.executeUpdate("INSERT INTO extras (id) VALUES (8)");
            Run archived = cli(db, concat(new String[] {"rollback", "--to", "1.0"}, safety));
            assertThat(archived.out()).containsPattern("archived table extras in dbsteps_archive_extras_\\d{14} \\(1 row\\)");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleaseStandsWhenItsCheckPassesAndIsRolledBackWhenItFails(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            String[] safety = {"--changelog", "safety/full.yaml", "--table-prefix", "safety"};
            assertThat(cli(db, concat(new String[] {"update", "--to", "1.0"}, safety)).code()).isZero();
            Run ok = cli(db, concat(new String[] {"release", "--to", "2.0", "--check-sql",
                "SELECT COUNT(*) = 0 FROM extras"}, safety));
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("safety: released 2.0; the check passed. Safe tag: 1.0");

            Run failed = cli(db, concat(new String[] {"release", "--to", "3.0", "--check-sql",
                "SELECT COUNT(*) > 0 FROM audits"}, safety));
            assertThat(failed.code()).isEqualTo(ReleaseCommand.ROLLED_BACK);
            assertThat(failed.out()).contains("safety: release of 3.0 rolled back to 2.0 because the health check "
                    + "reported the release unhealthy");
            assertThat(cli(db, concat(new String[] {"status"}, safety)).out()).contains("at tag 2.0, 3 changesets pending");
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "SQLITE")
    void aUsageErrorExitsWithTwoAndTheUsage(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            Run run = cli(db, "rollback", "--schema", "codorch");
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error [USAGE]: Missing required argument").contains("Nothing was changed. "
                    + "Run 'dbsteps rollback --help' for the options.").hasLineCount(1);
            StringWriter out = new StringWriter();
            assertThat(Main.run(new String[] {"schemas"}, new PrintWriter(out, true), new PrintWriter(new StringWriter())))
                    .isZero();
            assertThat(out.toString().lines()).first().asString().matches("SCHEMA +TAGS");
            assertThat(out.toString().lines()).anyMatch(l -> l.matches("codorch +1\\.0(, .*)?"))
                    .anyMatch(l -> l.matches("educare +.*2\\.0.*"));
        }
    }
}
