package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sql} prints what dbsteps runs: no UPDATE of Liquibase's lock row, which dbsteps' lock does not use, and
 * nothing that {@code update} would refuse to run.
 */
class SqlPreviewTest {
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theUpdateSqlHasNoLockRowStatements(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            CliRunner.Run r = CliRunner.on(db, "sql", "--schema", "codorch");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).containsPattern("CREATE TABLE (public\\.)?users")
                    .containsPattern("INSERT INTO (public\\.)?dbsteps_codorch_log")
                    .doesNotContain("Lock Database").doesNotContainPattern("(?i)UPDATE\\s+\\S*dbsteps_codorch_lock");
            assertThat(r.err()).doesNotContain("change log lock");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aPlainPasswordWhereAHashBelongsIsRefusedBySqlAsByUpdate(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            for (String command : new String[] {"sql", "update"}) {
                CliRunner.Run r = CliRunner.on(db, command, "--schema", "educare", "-P",
                        "educare_admin_password_hash=MyPlainPw123");
                assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(1);
                assertThat(r.err()).as(command).startsWith("error [PRECONDITION_FAILED]")
                        .contains("educare_admin_password_hash is set but is not a bcrypt hash");
                assertThat(r.out() + r.err()).as(command).doesNotContain("MyPlainPw123");
            }
            String hash = "$2b$12$" + "a".repeat(53);
            CliRunner.Run ok = CliRunner.on(db, "sql", "--schema", "educare", "-P",
                    "educare_admin_password_hash=" + hash);
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains(hash);
        }
    }

}
