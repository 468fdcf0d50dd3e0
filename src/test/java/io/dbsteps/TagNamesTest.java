package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.cli.CliRunner;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tags as release managers use them: a released state takes a further name (the hotfix tag), an empty database can
 * be tagged, a rollback goes to any of the names, and the history shows them all, while Liquibase's history rows keep
 * one tag each, as plain clients expect.
 */
class TagNamesTest {
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleasedStateTakesAFurtherNameThatARollbackFinds(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("codorch").load();
            steps.updateCount(5);
            assertThat(steps.tag("mid").changeSet()).isEqualTo(lastId(steps));
            TagResult hotfix = steps.tag("before-hotfix");
            assertThat(hotfix.changeSet()).isEqualTo(lastId(steps));
            assertThat(last(steps).tag()).isEqualTo("mid");
            assertThat(last(steps).tags()).containsExactly("mid", "before-hotfix");
            assertThat(logTags(c)).as("Liquibase's history keeps one tag per row").containsExactly("mid");
            assertThatThrownBy(() -> steps.tag("Before-Hotfix")).isInstanceOfSatisfying(DbStepsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("already");

            steps.update();
            assertThat(steps.planRollback("before-hotfix").steps()).hasSize(11);
            RollbackResult back = steps.rollbackTo("before-hotfix");
            assertThat(back.steps()).hasSize(11);
            assertThat(steps.history().applied()).hasSize(5);
            assertThat(last(steps).tags()).containsExactly("mid", "before-hotfix");

            steps.rollbackCount(1); // past the named state: the name goes with it
            assertThat(steps.history().applied()).allSatisfy(a -> assertThat(a.tags()).isEmpty());
            assertThatThrownBy(() -> steps.rollbackTo("before-hotfix")).isInstanceOf(DbStepsException.class);
            steps.updateCount(1); // the same changeset again, in the same place: a new state, with no name
            assertThat(last(steps).tags()).isEmpty();
            assertThat(deployments(c)).as("each update is a deployment of its own").hasSizeGreaterThan(1);
            steps.tag("before-hotfix"); // free again, and now in the history row
            assertThat(last(steps).tag()).isEqualTo("before-hotfix");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anEmptyDatabaseCanBeTaggedAndRolledBackToIt(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().schema("codorch").load();
            SchemaSnapshot empty = steps.snapshot();
            TagResult first = steps.tag("before-first-release");
            assertThat(first.changeSet()).isNull();
            assertThat(steps.history().emptyStateTags()).containsExactly("before-first-release");
            steps.update();
            RollbackPlan plan = steps.planRollback("before-first-release");
            assertThat(plan.steps()).hasSize(16);
            steps.rollback(plan, DataPolicy.ARCHIVE);
            assertThat(steps.history().applied()).isEmpty();
            assertThat(steps.snapshot().withoutTables("(?i)dbsteps_.*").differencesTo(empty)).isEmpty();
            assertThat(steps.history().emptyStateTags()).containsExactly("before-first-release");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theCliTagsAReleaseAndShowsEveryName(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            assertThat(CliRunner.on(db, "tag", "--schema", "codorch", "before-release").code()).isZero();
            assertThat(CliRunner.on(db, "update", "--schema", "codorch").code()).isZero();
            CliRunner.Run tag = CliRunner.on(db, "tag", "--schema", "codorch", "before-hotfix");
            assertThat(tag.code()).as(tag.err()).isZero();
            CliRunner.Run history = CliRunner.on(db, "history", "--schema", "codorch");
            assertThat(history.out()).contains("before the first changeset: tag before-release")
                    .containsPattern("1\\.0, before-hotfix");
            String json = CliRunner.on(db, "history", "--schema", "codorch", "--json").out().replaceAll("\\s", "");
            assertThat(json).contains("\"tags\":[\"1.0\",\"before-hotfix\"]")
                    .contains("\"emptyStateTags\":[\"before-release\"]");
            CliRunner.Run dry = CliRunner.on(db, "rollback", "--schema", "codorch", "--to", "before-release", "--dry-run");
            assertThat(dry.code()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("16 changesets");
        }
    }

    private static AppliedChange last(DbSteps steps) {
        List<AppliedChange> applied = steps.history().applied();
        return applied.get(applied.size() - 1);
    }

    private static String lastId(DbSteps steps) {
        return last(steps).id();
    }

    private static java.util.Set<String> deployments(Connection c) throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DEPLOYMENT_ID FROM dbsteps_codorch_log")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static List<String> logTags(Connection c) throws Exception {
        List<String> tags = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TAG FROM dbsteps_codorch_log WHERE TAG IS NOT NULL")) {
            while (rs.next()) {
                tags.add(rs.getString(1));
            }
        }
        return tags;
    }
}
