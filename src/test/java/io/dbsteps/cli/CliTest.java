package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(schema.code()).isEqualTo(1);
            assertThat(schema.err()).contains("error [UNKNOWN_SCHEMA]").contains("codorch");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "SQLITE")
    void aUsageErrorExitsWithTwoAndTheUsage(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            Run run = cli(db, "rollback", "--schema", "codorch");
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("Missing required argument").contains("Usage: dbsteps rollback");
            StringWriter out = new StringWriter();
            assertThat(Main.run(new String[] {"schemas"}, new PrintWriter(out, true), new PrintWriter(new StringWriter())))
                    .isZero();
            assertThat(out.toString().lines()).contains("codorch");
        }
    }
}
