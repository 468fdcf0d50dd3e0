package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.ChangelogManifest;
import io.dbsteps.internal.fastpath.UpToDateCheck;
import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast path works with contexts and parameters too: a manifest is per configuration, learned from the first full
 * update of that configuration in a JVM or written by the build with the same contexts and parameters; another
 * configuration never takes it.
 */
class FastPathConfigurationTest {
    private static final String CHANGELOG = """
            databaseChangeLog:
            - property: {name: qty, value: "1"}
            - changeSet: {id: a, author: t, changes: [{createTable: {tableName: item, columns: [{column: {name: n, type: int}}]}}]}
            - changeSet: {id: b, author: t, context: demo, changes: [{sql: {sql: "INSERT INTO item VALUES (${qty})"}}]}
            """;

    @TempDir
    Path dir;

    private DbSteps steps(TestDb db, String changelog, String qty, String... contexts) {
        DbStepsBuilder b = db.configure().searchPath(dir).changelog(changelog, "conf").contexts(contexts);
        return (qty == null ? b : b.parameter("qty", qty)).load();
    }

    private static Settings settings(DbSteps steps) {
        return ((DbStepsAccess) () -> steps).settings();
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aConfigurationLearnsItsOwnManifestAndNoOtherTakesIt(TestDb.Kind kind) throws Exception {
        Files.writeString(dir.resolve("learned-" + kind + ".yaml"), CHANGELOG);
        String changelog = "learned-" + kind + ".yaml";
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps demo = steps(db, changelog, "5", "demo");
            assertThat(UpToDateCheck.check(settings(demo), c)).as("nothing learned yet").isEmpty();
            assertThat(demo.update().steps()).hasSize(2);
            assertThat(UpToDateCheck.check(settings(demo), c)).as("learned for contexts demo, qty 5").isPresent();
            assertThat(UpToDateCheck.check(settings(steps(db, changelog, "6", "demo")), c))
                    .as("another parameter value: another checksum, no manifest").isEmpty();
            assertThat(UpToDateCheck.check(settings(steps(db, changelog, null)), c))
                    .as("the default configuration: nothing learned for it").isEmpty();
            assertThat(steps(db, changelog, "5", "demo").update().steps()).as("a no-op").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theManifestWriterTakesContextsAndParameters(TestDb.Kind kind) throws Exception {
        String changelog = "written-" + kind + ".yaml";
        Files.writeString(dir.resolve(changelog), CHANGELOG);
        ManifestWriter.main(new String[] {dir.toString(), changelog, "--contexts=demo", "-Pqty=5"});
        String file = ChangelogManifest.path(changelog, kind.toString(), List.of("demo"), Map.of("qty", "5"));
        assertThat(file).as("named by a hash of the configuration, not its values").doesNotContain("qty")
                .doesNotContain("=5");
        assertThat(dir.resolve(file)).exists();
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps demo = steps(db, changelog, "5", "demo");
            assertThat(ChangelogManifest.shipped(settings(demo).classLoader(), changelog, kind.toString(),
                    List.of("demo"), Map.of("qty", "5"))).as("found beside the changelog").isPresent();
            demo.update();
            List<ChangelogManifest.Entry> recorded = demo.history().applied().stream()
                    .map(a -> new ChangelogManifest.Entry(a.id(), a.author(), a.file(), a.checksum())).toList();
            assertThat(recorded).containsExactlyElementsOf(ChangelogManifest.parse(Files.readString(dir.resolve(file)))
                    .entries());
            assertThat(UpToDateCheck.check(settings(demo), c)).isPresent();
        }
    }
}
