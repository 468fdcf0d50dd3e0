package io.dbsteps;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.cli.CliRunner;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The drift check compares a live database with the expected schema the harness shipped for its release tag, and
 * adoption takes over a database brought to a release without dbsteps only when its schema is exactly that release.
 */
class DriftAndAdoptionTest {

    private static void exec(Connection c, String... sql) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aDatabaseAtARelease_hasNoDrift_untilSomeoneChangesItByHand(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            assertThat(steps.checkDrift().clean()).as("an empty database, with nothing applied").isTrue();
            steps.update();
            DriftReport clean = steps.checkDrift();
            assertThat(clean.tag()).isEqualTo("1.0");
            assertThat(clean.dbms()).isEqualTo(kind.toString());
            assertThat(clean.differences()).isEmpty();

            exec(c, "DROP INDEX ix_goals_project_id", "ALTER TABLE users ADD COLUMN nickname VARCHAR(20)",
                    "CREATE TABLE scratch (id INTEGER)");
            DriftReport drifted = steps.checkDrift();
            assertThat(drifted.differences()).extracting(Drift::kind, Drift::object).contains(
                    org.assertj.core.groups.Tuple.tuple(Drift.Kind.MISSING, "table/goals/index/ix_goals_project_id"),
                    org.assertj.core.groups.Tuple.tuple(Drift.Kind.EXTRA, "table/users/column/nickname"));
            // a table the schema does not have at all is the host's (or another schema's), not drift (issue 12)
            assertThat(drifted.differences()).allMatch(d -> !d.object().contains("dbsteps_")
                    && !d.object().startsWith("table/scratch"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "POSTGRESQL")
    void aChangedDefinitionShowsBothSides(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.update();
            exec(c, "ALTER TABLE projects ALTER COLUMN status TYPE VARCHAR(80)");
            assertThat(steps.checkDrift().differences()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Drift.Kind.CHANGED);
                assertThat(d.object()).isEqualTo("table/projects/column/status");
                assertThat(d.expected()).startsWith("varchar(50)");
                assertThat(d.actual()).startsWith("varchar(80)");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void betweenReleasesTheAppliedChangesetsAreReplayedAndNothingIsLeftBehind(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.updateCount(3);
            SortedMap<String, String> rows = RowChecksums.of(c, "none");
            SchemaSnapshot before = steps.snapshot();
            DriftReport clean = steps.checkDrift();
            assertThat(clean.differences()).isEmpty();
            assertThat(clean.tag()).isNull();
            assertThat(clean.expectedFrom()).isEqualTo("what its 3 changesets create (replayed from the changelog)");
            assertThat(RowChecksums.of(c, "none")).as("the drift check wrote nothing").isEqualTo(rows);
            assertThat(steps.snapshot().differencesTo(before)).isEmpty();
            if (kind == TestDb.Kind.POSTGRESQL) {
                assertThat(count(c, "SELECT COUNT(*) FROM pg_namespace WHERE nspname LIKE 'dbsteps_scratch%'"))
                        .as("the scratch schema was rolled back with its transaction").isZero();
            }

            exec(c, "ALTER TABLE users ADD COLUMN nickname VARCHAR(20)");
            assertThat(steps.checkDrift().differences()).extracting(Drift::kind, Drift::object)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Drift.Kind.EXTRA, "table/users/column/nickname"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "POSTGRESQL")
    void theReplayOfAChangesetThatWritesOutsideTheNamespaceLeavesNothingBehind(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("drift/names-another-schema.yaml", "qualified")
                    .namespace("app").load();
            steps.update();
            exec(c, "DROP TABLE public.written_elsewhere");
            assertThat(steps.checkDrift().differences()).isEmpty();
            assertThat(count(c, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'written_elsewhere'"))
                    .as("the replay ran in a transaction that was rolled back").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "POSTGRESQL")
    void theUpdatesAdoptionCheckReplaysWithoutWritingOutsideTheNamespace(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("drift/adopts-beside-another-schema.yaml", "beside")
                    .namespace("app").load();
            steps.updateCount(2);
            exec(c, "DROP TABLE public.written_elsewhere", "CREATE TABLE app.hand_made (id INTEGER)");
            steps.update();
            assertThat(steps.history().applied()).extracting(AppliedChange::outcome).containsExactly("EXECUTED",
                    "EXECUTED", "MARK_RAN");
            assertThat(count(c, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'written_elsewhere'"))
                    .as("the adoption check's replay ran in a transaction that was rolled back").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aHistoryRowTheChangelogDoesNotHaveLeavesNoExpectedSchema(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.updateCount(3);
            exec(c, "UPDATE dbsteps_codorch_log SET ID = 'from-a-newer-jar' WHERE ORDEREXECUTED = 3");
            refused(steps::checkDrift, ErrorCode.NO_EXPECTED_SCHEMA, "records changeset from-a-newer-jar");
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aDatabaseMigratedWithoutDbstepsIsAdoptedWhenItIsExactlyTheRelease(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.update();
            exec(c, "DROP TABLE dbsteps_codorch_log", "DROP TABLE dbsteps_codorch_lock", "DROP TABLE dbsteps_codorch_undo");
            assertThat(steps.history().applied()).isEmpty();

            AdoptResult adopted = steps.adopt("1.0");
            assertThat(adopted.changeSets()).isEqualTo(16);
            assertThat(steps.history().currentTag()).isEqualTo("1.0");
            assertThat(steps.status().upToDate()).isTrue();
            assertThat(steps.checkDrift().clean()).isTrue();
            assertThat(steps.planRollback("1.0").steps()).isEmpty();
            RollbackResult all = steps.rollbackCount(16);
            assertThat(all.steps()).hasSize(16);
            refused(() -> steps.adopt("1.0"), ErrorCode.DRIFT, "differs from release 1.0");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void adoptionOfADatabaseThatIsNotTheReleaseIsRefusedWithTheDifferencesAndRecordsNothing(TestDb.Kind kind)
            throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.update();
            exec(c, "DROP TABLE dbsteps_codorch_log", "DROP TABLE dbsteps_codorch_lock", "DROP TABLE dbsteps_codorch_undo",
                    "DROP INDEX ix_projects_created_by");
            SortedMap<String, String> rows = RowChecksums.of(c, "none");
            refused(() -> steps.adopt("1.0"), ErrorCode.DRIFT,
                    "missing:    table/projects/index/ix_projects_created_by");
            refused(() -> steps.adopt("9.9"), ErrorCode.UNKNOWN_TAG, "not a release tag");
            assertThat(RowChecksums.of(c, "none")).isEqualTo(rows);

            steps.update();
            assertThat(steps.checkDrift().clean()).as("update recognises what exists and adds what is missing").isTrue();
            refused(() -> steps.adopt("1.0"), ErrorCode.INVALID_ARGUMENT, "already has a dbsteps history");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "SQLITE")
    void theCliExitsWithFourOnDrift(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            db.configure().schema("codorch").load().update();
            CliRunner.Run clean = CliRunner.run("drift", "--schema", "codorch", "--url", db.url());
            assertThat(clean.code()).isZero();
            assertThat(clean.out()).contains("codorch: no drift; the sqlite schema is exactly release 1.0.");
            exec(c, "DROP INDEX ix_goals_project_id");
            CliRunner.Run drift = CliRunner.run("drift", "--schema", "codorch", "--url", db.url());
            assertThat(drift.code()).isEqualTo(4);
            assertThat(drift.out()).contains("codorch: 1 difference(s) from release 1.0 on sqlite:")
                    .contains("missing:    table/goals/index/ix_goals_project_id");
        }
    }
}
