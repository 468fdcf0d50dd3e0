package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code sql} prints what dbsteps runs: no UPDATE of Liquibase's lock row, which dbsteps' lock does not use. */
class SqlPreviewTest {
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theUpdateSqlHasNoLockRowStatements(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            CliRunner.Run r = CliRunner.run(args(db, "sql", "--schema", "codorch"));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).containsPattern("CREATE TABLE (public\\.)?users")
                    .containsPattern("INSERT INTO (public\\.)?dbsteps_codorch_log")
                    .doesNotContain("Lock Database").doesNotContainPattern("(?i)UPDATE\\s+\\S*dbsteps_codorch_lock");
            assertThat(r.err()).doesNotContain("change log lock");
        }
    }

    private static String[] args(TestDb db, String... command) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(command));
        a.addAll(java.util.List.of("--url", db.url()));
        if (db.user() != null) {
            a.addAll(java.util.List.of("--user", db.user()));
        }
        if (db.password() != null) {
            a.addAll(java.util.List.of("--password", db.password()));
        }
        return a.toArray(String[]::new);
    }
}
