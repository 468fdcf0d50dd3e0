package io.dbsteps;

import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.ChangelogManifest;
import io.dbsteps.internal.fastpath.UpToDateCheck;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.ShippedChangelogs;
import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast up-to-date check: the manifests the build writes match what Liquibase records, a no-op update in a fresh
 * JVM loads no Liquibase class at all, and anything unexpected falls through to the full path.
 */
class FastPathTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> schemasOnEveryDatabase() {
        return ShippedChangelogs.onEveryDatabase().map(a -> Arguments.of(a.get()[0].toString(), a.get()[1]));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("schemasOnEveryDatabase")
    void theShippedManifestIsWhatLiquibaseRecords(String schema, TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().schema(schema).load();
            steps.update();
            ChangelogManifest manifest = ChangelogManifest.find(getClass().getClassLoader(),
                    "dbsteps/" + schema + "/changelog.yaml", kind.toString());
            assertThat(manifest).as("the build wrote the manifest of %s for %s", schema, kind).isNotNull();
            List<ChangelogManifest.Entry> recorded = steps.history().applied().stream()
                    .map(a -> new ChangelogManifest.Entry(a.id(), a.author(), a.file(), a.checksum())).toList();
            assertThat(recorded).containsExactlyElementsOf(manifest.entries());
            try (java.sql.Connection c = db.connect()) {
                assertThat(UpToDateCheck.check(((DbStepsAccess) () -> steps).settings(), c)).isPresent();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(steps.status().upToDate()).as("status agrees, database-specific changes included").isTrue();
        }
    }

    record Probe(String result, boolean loadedLiquibase) {
    }

    Probe probe(TestDb db, String schema) throws Exception {
        Path log = Files.createTempFile(tmp, "classes", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                FastPathProbe.class.getName(), db.url(), schema));
        if (db.user() != null) {
            cmd.add(db.user());
            cmd.add(db.password() == null ? "" : db.password());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String result = out.lines().filter(l -> l.startsWith("result ")).findFirst().orElse("no result: " + out);
        boolean liquibase;
        try (Stream<String> lines = Files.lines(log)) {
            liquibase = lines.anyMatch(l -> l.contains(" liquibase."));
        }
        return new Probe(result, liquibase);
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aNoOpUpdateInAFreshJvmLoadsNoLiquibaseAndAnythingUnexpectedTakesTheFullPath(TestDb.Kind kind)
            throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            Probe first = probe(db, "codorch");
            assertThat(first.result()).isEqualTo("result upToDate=false steps=16 tag=1.0");
            // every codorch changeset is plain: the compiled path applies them without Liquibase, when the Liquibase
            // on the class path is the one that compiled them (a Liquibase 5 host runs the jar's 4.33 forms through it)
            boolean compiledHere = io.dbsteps.internal.fastpath.CompiledChangelog.shipped(getClass().getClassLoader(),
                    "dbsteps/codorch/changelog.yaml", kind.toString(), List.of(), java.util.Map.of()).orElseThrow()
                    .liquibase().equals(liquibase.util.LiquibaseUtil.getBuildVersion());
            assertThat(first.loadedLiquibase()).as("Liquibase loaded by the first update, compiled here: " + compiledHere)
                    .isEqualTo(!compiledHere);

            Probe noop = probe(db, "codorch");
            assertThat(noop.result()).isEqualTo("result upToDate=true steps=0 tag=1.0");
            assertThat(noop.loadedLiquibase()).as("no Liquibase class is loaded on the fast path").isFalse();

            st.executeUpdate("INSERT INTO dbsteps_codorch_log (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, "
                    + "MD5SUM, DESCRIPTION, EXECTYPE) VALUES ('hotfix-1', 'ops', 'ops/hotfix.yaml', CURRENT_TIMESTAMP, "
                    + "99, '9:00', 'sql', 'EXECUTED')");
            Probe unknown = probe(db, "codorch");
            assertThat(unknown.loadedLiquibase()).as("an unknown applied row takes the full path").isTrue();
            assertThat(unknown.result()).isEqualTo("result upToDate=true steps=0 tag=1.0");

            st.executeUpdate("DELETE FROM dbsteps_codorch_log WHERE ID = 'hotfix-1'");
            st.executeUpdate("UPDATE dbsteps_codorch_log SET MD5SUM = '9:0123' WHERE ID = '1.0-02-create-projects'");
            Probe edited = probe(db, "codorch");
            assertThat(edited.loadedLiquibase()).as("a changed checksum takes the full path").isTrue();
            assertThat(edited.result()).isEqualTo("result error=CHECKSUM_MISMATCH");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aChangelogThatShipsNoManifestTakesTheFastPathAfterItsFirstFullUpdateInTheJvm(TestDb.Kind kind)
            throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().changelog("killable/changelog.yaml", "killable").load();
            Settings settings = ((DbStepsAccess) () -> steps).settings();
            assertThat(ChangelogManifest.shipped(settings.classLoader(), "killable/changelog.yaml", kind.toString()))
                    .as("a test changelog ships no manifest").isEmpty();
            steps.updateTo("1.0");
            assertThat(UpToDateCheck.check(settings, c)).as("updateTo learns nothing").isEmpty();
            assertThat(steps.update().steps()).isNotEmpty();

            assertThat(UpToDateCheck.check(settings, c)).as("learned from the full update").isPresent();
            assertThat(db.configure().changelog("killable/changelog.yaml", "killable").load().update().upToDate())
                    .isTrue();
            st.executeUpdate("UPDATE killable_log SET MD5SUM = '9:0123' WHERE ID = '01-account'");
            assertThat(UpToDateCheck.check(settings, c)).as("the learned manifest is still compared").isEmpty();
            refused(steps::update, ErrorCode.CHECKSUM_MISMATCH, "01-account");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theManifestWriterWritesAHostsOwnChangelogsManifestAsLiquibaseRecordsIt(TestDb.Kind kind) throws Exception {
        ManifestWriter.main(new String[] {tmp.toString(), "killable/changelog.yaml"});
        ChangelogManifest written = ChangelogManifest.parse(Files.readString(
                tmp.resolve(ChangelogManifest.path("killable/changelog.yaml", kind.toString()))));
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().changelog("killable/changelog.yaml", "killable").load();
            steps.update();
            List<ChangelogManifest.Entry> recorded = steps.history().applied().stream()
                    .map(a -> new ChangelogManifest.Entry(a.id(), a.author(), a.file(), a.checksum())).toList();
            assertThat(recorded).containsExactlyElementsOf(written.entries());
        }
    }
}
