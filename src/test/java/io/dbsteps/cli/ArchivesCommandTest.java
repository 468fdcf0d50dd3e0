package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Archives are readable and recorded: the archive of a dropped table or column is named after it, the schema's record
 * says which changeset's rollback dropped it, and {@code archives} lists what is still there.
 */
class ArchivesCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRollbackRecordsEachArchiveAndTheCliListsThem(TestDb.Kind kind) throws Exception {
        Files.writeString(dir.resolve("changelog.yaml"), """
                databaseChangeLog:
                - changeSet:
                    id: create-invoice
                    author: t
                    changes:
                    - createTable: {tableName: invoice, columns: [{column: {name: id, type: int, constraints: {primaryKey: true}}}]}
                    - tagDatabase: {tag: '1.0'}
                - changeSet:
                    id: add-note
                    author: t
                    changes:
                    - addColumn: {tableName: invoice, columns: [{column: {name: note, type: varchar(40)}}]}
                """);
        try (TestDb db = TestDb.create(kind)) {
            assertThat(run(db, "update").code()).isZero();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO invoice (id, note) VALUES (1, 'paid'), (2, NULL), (3, 'late')");
            }
            assertThat(run(db, "archives").out()).contains("bill: no archives.");
            CliRunner.Run back = run(db, "rollback", "--to", "1.0");
            assertThat(back.code()).as(back.err()).isZero();
            back = run(db, "rollback", "--count", "1");
            assertThat(back.code()).as(back.err()).isZero();

            CliRunner.Run list = run(db, "archives");
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).contains("bill: 2 archives, oldest first:")
                    .containsPattern("dbsteps_archive_invoice_note_\\d{14} +invoice\\.note +2 +changelog\\.yaml::add-note::t")
                    .containsPattern("dbsteps_archive_invoice_\\d{14} +invoice +3 +changelog\\.yaml::create-invoice::t");
            String archive = list.out().lines().filter(l -> l.startsWith("dbsteps_archive_invoice_note_"))
                    .map(l -> l.split(" ")[0]).findFirst().orElseThrow();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + archive);
            }
            assertThat(run(db, "archives").out()).contains("bill: 1 archive, oldest first:").doesNotContain(archive);
            assertThat(run(db, "archives", "--json").out()).contains("\"changeset\"").contains("create-invoice");
        }
    }

    private CliRunner.Run run(TestDb db, String... command) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of("--changelog", "changelog.yaml", "--search-path", dir.toString(), "--table-prefix", "bill"));
        return CliRunner.on(db, a.toArray(String[]::new));
    }
}
