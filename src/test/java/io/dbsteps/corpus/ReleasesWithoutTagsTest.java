package io.dbsteps.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.AdoptResult;
import io.dbsteps.AppliedChange;
import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.Drift;
import io.dbsteps.DriftReport;
import io.dbsteps.ErrorCode;
import io.dbsteps.ReleaseResult;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.cli.CliRunner;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Release, drift and adoption on real changelogs that declare no release tags (none of the vendored ones has a
 * {@code tagDatabase}): drift compares with what the applied changesets create, replayed in a scratch database;
 * adoption checks the head the same way and records every changeset; a release of the head is guarded as a tagged
 * release is, and the state it reaches takes the release's name.
 */
class ReleasesWithoutTagsTest {
    private static final Corpus YAML = Corpus.ALL.stream().filter(c -> c.changelog().endsWith(".yaml")).findFirst()
            .orElseThrow();

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.corpus.Corpus#onTheirDatabases")
    void driftComparesWithTheReplayedChangesets(Corpus corpus, TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog(corpus.changelog(), corpus.prefix()).load();
            try {
                steps.update();
            } catch (DbStepsException e) { // a changelog that cannot run to its end here: drift where it stopped
                assertThat(steps.history().applied()).as(e.getMessage()).isNotEmpty();
            }
            int applied = steps.history().applied().size();
            DriftReport clean = steps.checkDrift();
            assertThat(clean.differences()).as(clean.expectedFrom()).isEmpty();
            assertThat(clean.expectedFrom()).isEqualTo("what its " + applied + " changesets create (replayed from the "
                    + "changelog)");

            String table = ownTable(steps.snapshot(), corpus.prefix());
            exec(c, "ALTER TABLE " + table + " ADD COLUMN added_by_hand INTEGER");
            assertThat(steps.checkDrift().differences()).extracting(Drift::kind, Drift::object)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Drift.Kind.EXTRA,
                            "table/" + table + "/column/added_by_hand"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aHeadMigratedByPlainLiquibaseIsAdoptedExactly(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            new PlainLiquibase(db, YAML.changelog()).update();
            exec(c, "DROP TABLE databasechangelog", "DROP TABLE databasechangeloglock");
            DbSteps steps = db.configure().changelog(YAML.changelog(), YAML.prefix()).load();
            SchemaSnapshot migrated = steps.snapshot();

            exec(c, "ALTER TABLE " + ownTable(migrated, YAML.prefix()) + " ADD COLUMN added_by_hand INTEGER");
            assertThatThrownBy(steps::adoptHead).isInstanceOfSatisfying(DbStepsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DRIFT);
                assertThat(e.getMessage()).contains("nothing was recorded").contains("added_by_hand")
                        .contains("(replayed from the changelog)");
            });
            assertThat(tables(c, YAML.prefix())).as("a refused adoption creates nothing").isZero();
            exec(c, "ALTER TABLE " + ownTable(migrated, YAML.prefix()) + " DROP COLUMN added_by_hand");

            AdoptResult adopted = steps.adoptHead();
            int all = adopted.changeSets();
            assertThat(all).isGreaterThan(1);
            assertThat(adopted.tag()).isNull();
            assertThat(steps.status().upToDate()).isTrue();
            assertThat(steps.checkDrift().clean()).isTrue();
            assertThat(steps.rollbackCount(all).steps()).as("every adopted changeset can be undone").hasSize(all);
            assertThat(steps.snapshot().objects().keySet()).noneMatch(k -> k.startsWith("table/person"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleaseOfTheHeadIsGuardedAndNamesTheStateItReaches(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().changelog(YAML.changelog(), YAML.prefix()).load();
            SchemaSnapshot empty = steps.snapshot();

            ReleaseResult failed = steps.releaseHead("2024.1", () -> false, Duration.ofSeconds(30));
            assertThat(failed.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            assertThat(failed.update().steps()).isNotEmpty();
            assertThat(steps.history().applied()).isEmpty();
            assertThat(steps.snapshot().differencesTo(empty)).as("back to the empty schema").isEmpty();
            assertThat(steps.status().unverified()).isNull();

            ReleaseResult released = steps.releaseHead("2024.1", () -> true, Duration.ofSeconds(30));
            assertThat(released.outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
            List<AppliedChange> applied = steps.history().applied();
            assertThat(applied.get(applied.size() - 1).tags()).containsExactly("2024.1");
            assertThat(steps.status().upToDate()).isTrue();
            assertThat(steps.releaseHead("2024.1", () -> false, Duration.ofSeconds(30)).outcome())
                    .as("released and verified: a rerun does nothing, not even its check")
                    .isEqualTo(ReleaseResult.Outcome.NOTHING_TO_DO);

            ReleaseResult nothingNew = steps.releaseHead("2024.2", () -> false, Duration.ofSeconds(30));
            assertThat(nothingNew.outcome()).isEqualTo(ReleaseResult.Outcome.NOTHING_TO_DO);
            applied = steps.history().applied();
            assertThat(applied.get(applied.size() - 1).tags()).containsExactly("2024.1", "2024.2");
            assertThat(steps.rollbackTo("2024.2").steps()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "SQLITE")
    void aNameThatIsATakenNameOrATagOfTheChangelogIsRefusedBeforeAnythingRuns(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps yaml = db.configure().changelog(YAML.changelog(), YAML.prefix()).load();
            yaml.updateCount(1);
            yaml.tag("first");
            List<AppliedChange> before = yaml.history().applied();
            assertThatThrownBy(() -> yaml.releaseHead("FIRST", () -> true, Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(DbStepsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("already marks the current state, and changesets are "
                                + "pending").contains("nothing was changed");
                    });
            assertThat(yaml.history().applied()).isEqualTo(before);
            yaml.updateCount(1);
            assertThatThrownBy(() -> yaml.releaseHead("first", () -> true, Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(DbStepsException.class, e -> assertThat(e.getMessage())
                            .contains("the name already marks an earlier state").contains("rollback --to first"));

            DbSteps irreversible = db.configure().changelog("safety/irreversible.yaml", "irreversible").load();
            assertThatThrownBy(() -> irreversible.releaseHead("v9", () -> true, Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(DbStepsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ROLLBACK_IMPOSSIBLE);
                        assertThat(e.getMessage()).contains("the release of v9 was refused before anything ran");
                    });
            assertThat(irreversible.history().applied()).isEmpty();

            DbSteps codorch = db.configure().schema("codorch").load();
            assertThatThrownBy(() -> codorch.releaseHead("1.0", () -> true, Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(DbStepsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("declares a release tag of that name")
                                .contains("release --to");
                    });
            assertThat(codorch.history().applied()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "SQLITE")
    void theCliReleasesAndAdoptsTheHead(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            String changelog = YAML.changelog();
            String prefix = YAML.prefix();
            CliRunner.Run released = CliRunner.on(db, "release", "--changelog", changelog, "--table-prefix", prefix,
                    "--head-as", "v7", "--check-sql", "SELECT 1 = 1");
            assertThat(released.code()).as(released.out() + released.err()).isZero();
            assertThat(released.out()).contains("releasing the changelog's head as v7").contains("released v7");
            CliRunner.Run both = CliRunner.on(db, "release", "--changelog", changelog, "--table-prefix", prefix,
                    "--head-as", "v7", "--to", "v7", "--check-sql", "1");
            assertThat(both.code()).isEqualTo(2);

            exec(c, "DROP TABLE " + YAML.prefix() + "_log", "DROP TABLE " + YAML.prefix() + "_lock",
                    "DROP TABLE " + YAML.prefix() + "_undo");
            CliRunner.Run adopted = CliRunner.on(db, "adopt", "--changelog", changelog, "--table-prefix", prefix, "--head");
            assertThat(adopted.code()).as(adopted.out() + adopted.err()).isZero();
            assertThat(adopted.out()).contains("adopted at the changelog's head;").contains("recorded as applied");
            CliRunner.Run drift = CliRunner.on(db, "drift", "--changelog", changelog, "--table-prefix", prefix);
            assertThat(drift.code()).isZero();
            assertThat(drift.out()).contains("no drift; the sqlite schema is exactly what its")
                    .contains("changesets create (replayed from the changelog).");
        }
    }

    /** One of the changelog's own tables (not a tracking table). */
    private static String ownTable(SchemaSnapshot snapshot, String prefix) {
        return snapshot.objects().keySet().stream().filter(k -> k.matches("table/[^/]+"))
                .map(k -> k.substring("table/".length())).filter(t -> !t.startsWith(prefix) && !t.startsWith("dbsteps"))
                .sorted().findFirst().orElseThrow();
    }

    private static long tables(Connection c, String prefix) throws Exception {
        try (ResultSet rs = c.getMetaData().getTables(null, null, prefix + "%", new String[] {"TABLE"})) {
            long n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    private static void exec(Connection c, String... sql) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
