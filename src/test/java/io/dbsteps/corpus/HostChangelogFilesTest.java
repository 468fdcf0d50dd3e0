package io.dbsteps.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.cli.CliRunner;
import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A host's changelog from the file system, as Liquibase's CLI finds it (relative to the search path, or absolute,
 * with its includes relative to it), and on Liquibase's own tracking tables, taking over a database that plain
 * Liquibase migrated part way.
 */
class HostChangelogFilesTest {
    private static final String INIT = "corpus/liquibase-init-example/example-changelog.yaml";
    private static final String ROLLBACK_TESTS = "corpus/liquibase-rollback/";

    @TempDir
    Path dir;

    /** Copies a corpus changelog (and, for a directory, its files) out of the class path into the temporary folder. */
    private Path copy(String resource, String... files) throws IOException {
        for (String f : files.length == 0 ? new String[] {""} : files) {
            Path to = dir.resolve("db").resolve(Path.of(resource).getFileName() + (f.isEmpty() ? "" : "/" + f));
            if (!f.isEmpty()) {
                to = dir.resolve("db").resolve(f);
            }
            Files.createDirectories(to.getParent());
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource + f)) {
                Files.copy(in, to);
            }
        }
        return dir.resolve("db");
    }

    @Test
    void theCliFindsAChangelogRelativeToTheSearchPathWithIncludesRelativeToIt() throws Exception {
        copy(ROLLBACK_TESTS, "rollback.tests.changelog.xml", "rollbackinclude/createTables.sql",
                "rollbackinclude/rollbackTables.sql");
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            CliRunner.Run status = CliRunner.run("status", "--changelog", "rollback.tests.changelog.xml",
                    "--search-path", dir.resolve("db").toString(), "--table-prefix", "host", "--url", db.url());
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out()).contains("12 changesets pending");
            CliRunner.Run update = CliRunner.run("update", "--changelog", "rollback.tests.changelog.xml",
                    "--search-path", dir.resolve("db").toString(), "--table-prefix", "host", "--url", db.url());
            assertThat(update.code()).as(update.err()).isZero();
            assertThat(TrackingRows.of(c, "host_log")).hasSize(12)
                    .allSatisfy(row -> assertThat(row).contains(" | rollback.tests.changelog.xml | "));
        }
    }

    @Test
    void anAbsolutePathWorksToo() throws Exception {
        Path file = copy(INIT).resolve("example-changelog.yaml");
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            CliRunner.Run update = CliRunner.run("update", "--changelog", file.toAbsolutePath().toString(),
                    "--table-prefix", "host", "--url", db.url());
            assertThat(update.code()).as(update.err()).isZero();
            assertThat(DbSteps.configure().url(db.url()).changelog(file.toAbsolutePath().toString(), "host").load()
                    .status().pending()).isEmpty();
        }
    }

    @Test
    void aDirectoryOrAnUnknownFormatIsAnInvalidChangelogThatNamesTheFile() throws Exception {
        copy(INIT);
        Files.writeString(dir.resolve("db/notes.txt"), "databaseChangeLog: []");
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            for (String path : List.of("db", "db/notes.txt")) {
                CliRunner.Run r = CliRunner.run("status", "--changelog", path, "--search-path", dir.toString(),
                        "--table-prefix", "host", "--url", db.url());
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.err()).contains("error [INVALID_CHANGELOG]").contains("Changelog " + path)
                        .doesNotContain("DATABASE_ERROR").doesNotContain("\tat ");
            }
            CliRunner.Run missing = CliRunner.run("status", "--changelog", "db/absent.yaml", "--search-path",
                    dir.toString(), "--table-prefix", "host", "--url", db.url());
            assertThat(missing.err()).contains("error [CHANGELOG_NOT_FOUND]").contains("db/absent.yaml");
        }
    }

    /**
     * Plain Liquibase applied the changelog, then rolled the last changesets back: dbsteps on databasechangelog sees
     * exactly the rest as pending, finishes the update with the rows plain Liquibase would have written, and plans a
     * rollback of changesets Liquibase applied from the changelog's own rollback.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void dbstepsTakesOverADatabaseThatPlainLiquibaseMigratedPartWay(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); TestDb reference = TestDb.create(kind); Connection c = db.connect();
             Connection r = reference.connect()) {
            new PlainLiquibase(reference, INIT).update();
            PlainLiquibase plain = new PlainLiquibase(db, INIT);
            plain.update();
            plain.rollbackCount(2);
            DbSteps steps = db.configure().changelog(INIT, "host")
                    .trackingTables("databasechangelog", "databasechangeloglock").load();

            assertThat(steps.status().pending()).hasSize(2);
            steps.update();
            assertThat(steps.status().pending()).isEmpty();
            assertThat(TrackingRows.of(c, "databasechangelog")).isEqualTo(TrackingRows.of(r, "databasechangelog"));
            assertThat(TrackingRows.of(c, "host_log")).as("no second history").isEmpty();

            RollbackPlan plan = steps.planRollbackCount(3);
            assertThat(plan.steps()).hasSize(3);
            assertThat(plan.steps().get(2).fromUndoStore()).as("applied by plain Liquibase: no stored undo").isFalse();
            assertThat(plan.steps()).extracting(PlannedStep::id).doesNotContainNull();
            steps.rollbackCount(3);
            assertThat(steps.status().pending()).hasSize(3);
        }
    }

    @Test
    void trackingTableNamesAreChecked() {
        assertThat(CliRunner.run("status", "--changelog", INIT, "--table-prefix", "host",
                "--database-changelog-table-name", "bad name").err()).contains("INVALID_CONFIGURATION")
                .contains("'bad name'");
    }
}
