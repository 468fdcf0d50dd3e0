package io.dbsteps;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Release safety on both databases: rollbacks planned and checked before they run, data archived before it is
 * dropped, guarded releases that return to where they started, and rollbacks of changesets an older changelog has
 * never seen.
 */
class ReleaseSafetyTest {
    private static final String OURS = "(safety_.*|dbsteps_archive_.*)";

    private static DbSteps load(TestDb db, String changelog) {
        return db.configure().changelog("safety/" + changelog + ".yaml", "safety").load();
    }

    /** A test's body, on a new database of its kind with the changelog loaded. */
    private interface Body {
        void run(DbSteps steps, Connection c, TestDb db) throws Exception;
    }

    private static void on(TestDb.Kind kind, String changelog, Body body) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            body.run(load(db, changelog), c, db);
        }
    }

    private static void exec(Connection c, String... sql) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.executeUpdate(s);
            }
        }
    }

    private static final String[] ROWS = {
        "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        "INSERT INTO extras (id, item_id, body) VALUES (10, 1, 'x'), (11, 2, 'y'), (12, NULL, NULL)",
        "UPDATE items SET note = 'kept' WHERE id IN (1, 3)"};

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aPlanListsTheStepsTheirSqlAndTheLiveDataTheyDropWithoutChangingAnything(TestDb.Kind kind) throws Exception {
        on(kind, "full", (steps, c, db) -> {
            steps.update();
            exec(c, ROWS);
            SchemaSnapshot schema = SchemaSnapshot.take(c, "safety_.*");
            SortedMap<String, String> rows = RowChecksums.of(c, "none");

            RollbackPlan plan = steps.planRollback("1.0");
            assertThat(plan.fromTag()).isEqualTo("3.0");
            assertThat(plan.toTag()).isEqualTo("1.0");
            assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("3.0-tag", "3.0-02-index-extras",
                    "3.0-01-create-audits", "2.0-tag", "2.0-02-add-note", "2.0-01-create-extras");
            PlannedStep note = plan.steps().get(4);
            assertThat(note.opaque()).isTrue();
            assertThat(note.sql()).containsExactly("ALTER TABLE items DROP COLUMN note");
            assertThat(note.drops()).containsExactly(new DroppedData("items", "note", 2));
            PlannedStep extras = plan.steps().get(5);
            assertThat(extras.opaque()).isFalse();
            assertThat(extras.sql()).singleElement().asString().contains("DROP TABLE").contains("extras");
            assertThat(extras.drops()).containsExactly(new DroppedData("extras", null, 3));
            assertThat(plan.steps().get(2).drops()).containsExactly(new DroppedData("audits", null, 0));
            assertThat(plan.steps()).noneMatch(PlannedStep::fromUndoStore);
            assertThat(steps.planRollbackCount(2).steps()).extracting(PlannedStep::id)
                    .containsExactly("3.0-tag", "3.0-02-index-extras");

            assertThat(SchemaSnapshot.take(c, "safety_.*").differencesTo(schema)).isEmpty();
            assertThat(RowChecksums.of(c, "none")).isEqualTo(rows);
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRollbackThatCannotBeCompletedIsRefusedBeforeAnythingRuns(TestDb.Kind kind) throws Exception {
        on(kind, "irreversible", (steps, c, db) -> {
            steps.update();
            exec(c, "INSERT INTO items (id, name) VALUES (1, 'a')", "INSERT INTO extras (id) VALUES (1)");
            SchemaSnapshot schema = SchemaSnapshot.take(c, "safety_.*");
            SortedMap<String, String> rows = RowChecksums.of(c, "none");

            refused(() -> steps.rollbackTo("1.0"), ErrorCode.ROLLBACK_IMPOSSIBLE,
                    "refused before anything ran: changeset safety/2.1.yaml::2.1-01-rename-items::test has no rollback");
            refused(() -> steps.planRollback("1.0"), ErrorCode.ROLLBACK_IMPOSSIBLE, "has no rollback");
            refused(() -> steps.rollbackTo("1.0", DataPolicy.DISCARD), ErrorCode.ROLLBACK_IMPOSSIBLE, "no rollback");

            assertThat(SchemaSnapshot.take(c, "safety_.*").differencesTo(schema)).isEmpty();
            assertThat(RowChecksums.of(c, "none")).as("nothing executed, the history included").isEqualTo(rows);
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void droppedDataIsArchivedAndEverythingElseIsExactlyTheTag(TestDb.Kind kind) throws Exception {
        on(kind, "full", (steps, c, db) -> {
            steps.updateTo("1.0");
            SchemaSnapshot atOne = SchemaSnapshot.take(c, OURS);
            steps.update();
            exec(c, ROWS);

            RollbackResult r = steps.rollbackTo("1.0");
            assertThat(r.toTag()).isEqualTo("1.0");
            assertThat(r.archives()).hasSize(2);
            Archive note = r.archives().get(0);
            assertThat(note.table()).isEqualTo("items");
            assertThat(note.column()).isEqualTo("note");
            assertThat(note.rows()).isEqualTo(2);
            assertThat(note.archiveTable()).matches("dbsteps_archive_items_note_\\d{14}");
            Archive extras = r.archives().get(1);
            assertThat(extras.table()).isEqualTo("extras");
            assertThat(extras.column()).isNull();
            assertThat(extras.rows()).isEqualTo(3);
            assertThat(extras.archiveTable()).matches("dbsteps_archive_extras_\\d{14}");

            assertThat(query(c, "SELECT id, note FROM " + note.archiveTable() + " ORDER BY id"))
                    .containsExactly("1|kept", "3|kept");
            assertThat(query(c, "SELECT id, item_id, body FROM " + extras.archiveTable() + " ORDER BY id"))
                    .containsExactly("10|1|x", "11|2|y", "12|null|null");
            assertThat(SchemaSnapshot.take(c, OURS).differencesTo(atOne)).as("the schema outside the archives").isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void discardingIsAnExplicitChoice(TestDb.Kind kind) throws Exception {
        on(kind, "full", (steps, c, db) -> {
            steps.update();
            exec(c, ROWS);
            RollbackResult r = steps.rollbackTo("1.0", DataPolicy.DISCARD);
            assertThat(r.archives()).isEmpty();
            assertThat(RowChecksums.of(c, "none").keySet()).noneMatch(t -> t.startsWith("dbsteps_archive_"));
            refused(() -> steps.rollbackTo("1.0", null), ErrorCode.INVALID_ARGUMENT, "data policy is null");
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theArchiveCommitsWithTheDropOrNotAtAll(TestDb.Kind kind) throws Exception {
        on(kind, "rollback-fails", (steps, c, db) -> {
            steps.update();
            exec(c, "INSERT INTO extras (id, body) VALUES (1, 'x'), (2, 'y')");
            SortedMap<String, String> rows = RowChecksums.of(c, "none");

            refused(() -> steps.rollbackTo("1.0"), ErrorCode.CHANGESET_FAILED, "2.0-01-create-extras");
            assertThat(RowChecksums.of(c, "none")).as("the drop, the archive and the history are all as before")
                    .isEqualTo(rows);
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleaseThatFailsHalfwayLeavesTheDatabaseExactlyAtThePreviousRelease(TestDb.Kind kind) throws Exception {
        on(kind, "failing", (steps, c, db) -> {
            steps.updateTo("1.0");
            exec(c, "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')");
            SchemaSnapshot atOne = SchemaSnapshot.take(c, OURS);
            SortedMap<String, String> rows = RowChecksums.of(c, OURS);

            ReleaseResult r = steps.release("2.0", () -> true, Duration.ofSeconds(10));
            assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            assertThat(r.safeTag()).isEqualTo("1.0");
            assertThat(r.reason()).contains("the update failed").contains("2.0-02-fails-halfway")
                    .contains("no_such_table");
            assertThat(r.update()).isNull();
            assertThat(r.rollback().steps()).extracting(Step::id).containsExactly("2.0-01-create-extras");
            assertThat(steps.history().currentTag()).isEqualTo("1.0");
            assertThat(SchemaSnapshot.take(c, OURS).differencesTo(atOne)).isEmpty();
            assertThat(RowChecksums.of(c, OURS)).isEqualTo(rows);
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aHealthyReleaseStaysAndAnUnhealthyOneGoesBack(TestDb.Kind kind) throws Exception {
        on(kind, "full", (steps, c, db) -> {
            steps.updateCount(1);
            ReleaseResult first = steps.release("2.0", () -> true, Duration.ofSeconds(10));
            assertThat(first.outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
            assertThat(first.safeTag()).as("the untagged state was tagged first").isEqualTo("pre-2.0");
            assertThat(first.update().toTag()).isEqualTo("2.0");
            assertThat(steps.history().currentTag()).isEqualTo("2.0");

            exec(c, ROWS);
            SchemaSnapshot atTwo = SchemaSnapshot.take(c, OURS);
            List<String> checked = new ArrayList<>();
            ReleaseResult unhealthy = steps.release("3.0", () -> {
                checked.add(query(c, "SELECT COUNT(*) FROM audits").get(0));
                return false;
            }, Duration.ofSeconds(10));
            assertThat(checked).as("the check ran after the update").containsExactly("0");
            assertThat(unhealthy.outcome()).isEqualTo(ReleaseResult.Outcome.ROLLED_BACK);
            assertThat(unhealthy.safeTag()).isEqualTo("2.0");
            assertThat(unhealthy.reason()).isEqualTo("the health check reported the release unhealthy");
            assertThat(unhealthy.update().steps()).hasSize(3);
            assertThat(unhealthy.rollback().steps()).hasSize(3);
            assertThat(SchemaSnapshot.take(c, OURS).differencesTo(atTwo)).isEmpty();

            ReleaseResult slow = steps.release("3.0", () -> {
                Thread.sleep(5_000);
                return true;
            }, Duration.ofMillis(300));
            assertThat(slow.reason()).isEqualTo("the health check did not answer within 300 ms and was cancelled");
            ReleaseResult throwing = steps.release("3.0", () -> {
                throw new IllegalStateException("orders endpoint returns 500");
            }, Duration.ofSeconds(10));
            assertThat(throwing.reason()).contains("the health check failed").contains("orders endpoint returns 500");
            assertThat(steps.history().currentTag()).isEqualTo("2.0");
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleaseWithAnIrreversiblePendingStepIsRefusedBeforeAnythingRuns(TestDb.Kind kind) throws Exception {
        on(kind, "irreversible", (steps, c, db) -> {
            steps.updateTo("1.0");
            refused(() -> steps.release("2.1", () -> true, Duration.ofSeconds(5)), ErrorCode.ROLLBACK_IMPOSSIBLE,
                    "safety/2.1.yaml::2.1-01-rename-items::test");
            assertThat(steps.history().currentTag()).isEqualTo("1.0");
            assertThat(steps.status().pending()).hasSize(5);
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anOlderChangelogRollsBackChangesetsItHasNeverSeen(TestDb.Kind kind) throws Exception {
        on(kind, "full", (newer, c, db) -> {
            newer.updateTo("1.0");
            SchemaSnapshot atOne = SchemaSnapshot.take(c, OURS);
            newer.update();
            exec(c, ROWS);
            exec(c, "INSERT INTO audits (id, what) VALUES (1, 'released')");

            DbSteps older = load(db, "older");
            RollbackPlan plan = older.planRollback("1.0");
            assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("3.0-tag", "3.0-02-index-extras",
                    "3.0-01-create-audits", "2.0-tag", "2.0-02-add-note", "2.0-01-create-extras");
            assertThat(plan.steps()).extracting(PlannedStep::fromUndoStore)
                    .containsExactly(true, true, true, false, false, false);
            assertThat(plan.steps().get(2).drops()).containsExactly(new DroppedData("audits", null, 1));

            RollbackResult r = older.rollbackTo("1.0");
            assertThat(r.steps()).hasSize(6);
            assertThat(r.archives()).extracting(Archive::table).containsExactly("audits", "items", "extras");
            assertThat(SchemaSnapshot.take(c, OURS).differencesTo(atOne)).isEmpty();
            assertThat(older.history().applied()).extracting(AppliedChange::id)
                    .containsExactly("1.0-01-create-items", "1.0-tag");
            assertThat(query(c, "SELECT id FROM safety_undo ORDER BY id")).containsExactly("1.0-01-create-items", "1.0-tag");
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void withoutStoredSqlAnOlderChangelogRefusesAndChangesNothing(TestDb.Kind kind) throws Exception {
        on(kind, "full", (full, c, db) -> {
            full.update();
            exec(c, "DELETE FROM safety_undo WHERE id = '3.0-01-create-audits'");
            SortedMap<String, String> rows = RowChecksums.of(c, "none");
            refused(() -> load(db, "older").rollbackTo("1.0"), ErrorCode.ROLLBACK_IMPOSSIBLE,
                    "safety/3.0.yaml::3.0-01-create-audits::test is applied but is not in this changelog, and no "
                            + "rollback SQL was stored");
            assertThat(RowChecksums.of(c, "none")).isEqualTo(rows);
        });
    }

    static List<String> query(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(String.valueOf(rs.getString(i)));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }
}
