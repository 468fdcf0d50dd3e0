package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.analytics.LiquibaseAnalyticsListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The commands of the API on both databases: their results, what they change, and how they refuse. */
class DbStepsApiTest {
    private static final String TRACKING = "dbsteps_codorch_.*";

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void updateReportsEachChangesetAndTheTagsAndASecondUpdateDoesNothing(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            List<Step> seen = new ArrayList<>();
            DbSteps steps = db.configure().schema("codorch").progress(seen::add).load();
            int pending = steps.status().pending().size();

            UpdateResult first = steps.update();
            assertThat(first.schema()).isEqualTo("codorch");
            assertThat(first.fromTag()).isNull();
            assertThat(first.toTag()).isEqualTo("1.0");
            assertThat(first.steps()).hasSize(pending).allSatisfy(s -> {
                assertThat(s.outcome()).isEqualTo(Step.Outcome.EXECUTED);
                assertThat(s.file()).isEqualTo("dbsteps/codorch/1.0.yaml");
                assertThat(s.duration()).isPositive();
            });
            assertThat(first.steps().get(0).id()).isEqualTo("1.0-01-create-users");
            assertThat(first.steps().get(pending - 1).tag()).isEqualTo("1.0");
            assertThat(seen).isEqualTo(first.steps());

            UpdateResult second = steps.update();
            assertThat(second.upToDate()).isTrue();
            assertThat(second.fromTag()).isEqualTo("1.0");
            assertThat(steps.status().upToDate()).isTrue();

            HistoryResult history = steps.history();
            assertThat(history.currentTag()).isEqualTo("1.0");
            assertThat(history.applied()).hasSize(pending).allSatisfy(a -> {
                assertThat(a.file()).isEqualTo("dbsteps/codorch/1.0.yaml");
                assertThat(a.outcome()).isEqualTo("EXECUTED");
                assertThat(a.checksum()).startsWith("9:");
            });
            ValidationResult valid = steps.validate();
            assertThat(valid.changeSets()).isEqualTo(pending);
            assertThat(valid.applied()).isEqualTo(pending);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void previewsStatusHistoryAndValidateChangeNothing(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            assertThat(RowChecksums.of(c, "none")).as("a fresh database").isEmpty();
            steps.status();
            steps.history();
            steps.validate();
            String sql = steps.updateSql();
            assertThat(sql).contains("CREATE TABLE users").contains("CREATE INDEX ix_goals_project_id");
            assertThat(RowChecksums.of(c, "none")).as("tables after the read-only commands on an empty database")
                    .isEmpty();

            steps.update();
            steps.rollbackCount(3);
            steps.tag("mid");
            steps.update();
            SchemaSnapshot before = SchemaSnapshot.take(c, TRACKING);
            var rows = RowChecksums.of(c, "none");
            assertThat(rows.keySet()).contains("dbsteps_codorch_log", "dbsteps_codorch_lock");

            String toMid = steps.rollbackSql("mid");
            assertThat(toMid).contains("DROP INDEX").contains("ix_opportunities_approved_by")
                    .contains("ix_opportunities_goal_id").doesNotContain("ix_opportunities_tree_node_id")
                    .doesNotContain("DROP TABLE");
            assertThat(steps.rollbackSql("1.0")).doesNotContain("DROP");
            assertThat(steps.updateSql()).doesNotContain("CREATE TABLE users").doesNotContain("CREATE INDEX");
            steps.status();
            steps.history();
            steps.validate();

            assertThat(SchemaSnapshot.take(c, TRACKING).differencesTo(before)).isEmpty();
            assertThat(RowChecksums.of(c, "none")).as("every row, the history included").isEqualTo(rows);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void rollbackToATagAndByCountAndTaggingTheCurrentState(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.update();
            int all = steps.history().applied().size();

            RollbackResult three = steps.rollbackCount(3);
            assertThat(three.steps()).extracting(Step::id)
                    .containsExactly("1.0-tag", "1.0-15-index-opportunities-approved-by", "1.0-14-index-opportunities-goal-id");
            assertThat(three.fromTag()).isEqualTo("1.0");
            assertThat(three.toTag()).isNull();

            TagResult tag = steps.tag("before-indexes");
            assertThat(tag.changeSet()).isEqualTo("1.0-13-index-opportunities-tree-node-id");
            steps.update();
            assertThat(steps.history().applied()).hasSize(all);

            RollbackResult back = steps.rollbackTo("before-indexes");
            assertThat(back.steps()).hasSize(3);
            assertThat(back.toTag()).isEqualTo("before-indexes");
            assertThat(steps.rollbackTo("before-indexes").steps()).as("rolling back to the current tag").isEmpty();

            steps.updateTo("1.0");
            RollbackResult everything = steps.rollbackCount(all);
            assertThat(everything.steps()).hasSize(all);
            assertThat(steps.history().applied()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void badArgumentsAreRefusedWithTheirCodeAndChangeNothing(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.update();
            SchemaSnapshot schema = SchemaSnapshot.take(c, TRACKING);
            var rows = RowChecksums.of(c, "none");

            refused(() -> steps.rollbackTo("9.9"), ErrorCode.UNKNOWN_TAG, "tag '9.9' is neither in the changelog");
            refused(() -> steps.updateTo("9.9"), ErrorCode.UNKNOWN_TAG, "Its release tags are [1.0]");
            refused(() -> steps.rollbackCount(99), ErrorCode.INVALID_ARGUMENT, "only 16 are applied");
            refused(() -> steps.rollbackCount(0), ErrorCode.INVALID_ARGUMENT, "at least 1");
            refused(() -> steps.updateCount(-1), ErrorCode.INVALID_ARGUMENT, "at least 1");
            refused(() -> steps.tag("x'; DROP TABLE users; --"), ErrorCode.INVALID_ARGUMENT, "is not a valid tag name");
            refused(() -> steps.tag(""), ErrorCode.INVALID_ARGUMENT, "the tag is empty");
            refused(() -> steps.rollbackTo(null), ErrorCode.INVALID_ARGUMENT, "the tag is empty");
            refused(() -> steps.tag("1.0"), ErrorCode.INVALID_ARGUMENT, "already exists");

            assertThat(SchemaSnapshot.take(c, TRACKING).differencesTo(schema)).isEmpty();
            assertThat(RowChecksums.of(c, "none")).isEqualTo(rows);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aTagThatIsOnlyInTheChangelogIsNotAppliedYet(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.updateCount(2);
            refused(() -> steps.rollbackTo("1.0"), ErrorCode.TAG_NOT_APPLIED, "is in the changelog but not applied");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anEditedChangesetIsRefusedByName(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            db.configure().changelog("checksum/original/changelog.yaml", "notes").load().update();
            DbSteps edited = db.configure().changelog("checksum/edited/changelog.yaml", "notes").load();
            refused(edited::validate, ErrorCode.CHECKSUM_MISMATCH, "checksum/changelog.yaml::1-create-notes::test");
            refused(edited::update, ErrorCode.CHECKSUM_MISMATCH, "were edited after they were applied");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aFailingChangesetIsNamedWithTheDatabaseMessage(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("failing/changelog.yaml", "failing").load();
            refused(steps::update, ErrorCode.CHANGESET_FAILED,
                    "Schema failing: update failed at changeset failing/changelog.yaml::2-third-statement-fails::test");
            assertThatThrownBy(steps::update).hasMessageContaining("no_such_table");
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("1-create-a");
            if (kind == TestDb.Kind.POSTGRESQL) {
                // the whole changeset ran in one transaction: its first two statements are undone too
                assertThat(RowChecksums.of(c, "failing_.*")).containsOnlyKeys("a");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aBorrowedConnectionStaysOpenWithItsAutoCommit(TestDb.Kind kind) throws Exception {
        for (boolean autoCommit : new boolean[] {true, false}) {
            try (TestDb db = TestDb.create(kind); Connection host = db.connect()) {
                host.setAutoCommit(autoCommit);
                DbSteps steps = DbSteps.configure().connection(host).schema("codorch").load();
                steps.update();
                steps.rollbackCount(1);
                steps.status();
                assertThat(host.isClosed()).isFalse();
                assertThat(host.getAutoCommit()).isEqualTo(autoCommit);
                try (Statement st = host.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM dbsteps_codorch_log")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(15);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aDataSourceGetsEveryConnectionBack(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            CountingDataSource ds = new CountingDataSource(db);
            DbSteps steps = DbSteps.configure().dataSource(ds).schema("codorch").load();
            steps.update();
            steps.history();
            assertThatThrownBy(() -> steps.rollbackTo("nope")).isInstanceOf(DbStepsException.class);
            assertThat(ds.opened()).isEqualTo(3);
            assertThat(ds.open()).as("connections not returned").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void liquibaseAnalyticsAreOffWhileDbstepsRuns(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            List<Boolean> analytics = new ArrayList<>();
            db.configure().schema("codorch").progress(step -> analytics.add(new LiquibaseAnalyticsListener().isEnabled()))
                    .load().update();
            assertThat(analytics).isNotEmpty().containsOnly(false);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aCustomChangelogKeepsItsHistoryInItsOwnTables(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            db.configure().changelog("checksum/original/changelog.yaml", "myapp").load().update();
            db.configure().schema("codorch").load().update();
            assertThat(RowChecksums.of(c, "none")).containsKeys("myapp_log", "myapp_lock", "dbsteps_codorch_log",
                    "notes", "users");
            assertThat(db.configure().changelog("checksum/original/changelog.yaml", "myapp").load().history()
                    .applied()).singleElement().extracting(AppliedChange::id).isEqualTo("1-create-notes");
        }
    }

    static void refused(Runnable command, ErrorCode code, String mentions) {
        assertThatThrownBy(command::run)
                .isInstanceOf(DbStepsException.class)
                .hasMessageContaining(mentions)
                .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(code));
    }
}
