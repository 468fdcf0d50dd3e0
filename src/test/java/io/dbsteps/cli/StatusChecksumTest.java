package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code status} agrees with {@code validate}: an applied changeset whose text changed is reported, not "up to date". */
class StatusChecksumTest {
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void statusReportsAnEditedAppliedChangesetAsValidateDoes(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            assertThat(run(db, "update", "--changelog", "checksum/original/changelog.yaml").code()).isZero();
            CliRunner.Run clean = run(db, "status", "--changelog", "checksum/original/changelog.yaml");
            assertThat(clean.code()).as(clean.err()).isZero();
            assertThat(clean.out()).contains("up to date");

            CliRunner.Run status = run(db, "status", "--changelog", "checksum/edited/changelog.yaml");
            assertThat(status.code()).isEqualTo(1);
            assertThat(status.out()).doesNotContain("up to date");
            assertThat(status.err()).hasLineCount(1).startsWith("error [CHECKSUM_MISMATCH]: Schema notes: 1 applied "
                    + "changeset changed after it was applied: checksum/changelog.yaml::1-create-notes::test");
            CliRunner.Run json = run(db, "status", "--json", "--changelog", "checksum/edited/changelog.yaml");
            assertThat(json.code()).isEqualTo(1);
            assertThat(json.out()).contains("\"edited\"").contains("1-create-notes");
            CliRunner.Run validate = run(db, "validate", "--changelog", "checksum/edited/changelog.yaml");
            assertThat(validate.code()).isEqualTo(1);
            assertThat(validate.err()).startsWith("error [CHECKSUM_MISMATCH]");

            assertThat(db.configure().changelog("checksum/edited/changelog.yaml", "notes").load().status().edited())
                    .containsExactly("checksum/changelog.yaml::1-create-notes::test");
        }
    }

    private static CliRunner.Run run(TestDb db, String... command) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of("--table-prefix", "notes"));
        return CliRunner.on(db, a.toArray(String[]::new));
    }
}
