package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.harness.ShippedChangelogs;
import io.dbsteps.internal.command.CompiledPending;
import io.dbsteps.internal.jdbc.Tables;
import io.dbsteps.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a guarded fleet update reads before it starts (the history, and what it would apply up to its goal), read from
 * the compiled form with JDBC where it can be, must be what Liquibase reads: for every shipped schema on both
 * databases, at every tag and at the head, toward every goal; and where the compiled form cannot tell (a changeset
 * without a rollback, a tag matched only in another case, an unknown tag) it must not answer.
 */
class FleetPendingTest {
    @TempDir
    Path dir;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> shipped() {
        return ShippedChangelogs.onEveryDatabase()
                .map(a -> org.junit.jupiter.params.provider.Arguments.of(a.get()[0].toString(), a.get()[1]));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("shipped")
    void theCompiledReadIsLiquibasesAtEveryTagTowardEveryGoal(String schema, TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema(schema).load();
            List<String> tags = steps.status().pending().stream().map(PendingChange::tag).filter(Objects::nonNull)
                    .toList();
            assertThat(tags).isNotEmpty();
            List<String> goals = new ArrayList<>();
            goals.add(null);
            goals.addAll(tags);
            goals.add(tags.get(0).toUpperCase(Locale.ROOT).equals(tags.get(0))
                    ? tags.get(0).toLowerCase(Locale.ROOT) : tags.get(0).toUpperCase(Locale.ROOT));
            goals.add("no-such-tag");
            java.util.Map<Answer, Integer> answers = new java.util.EnumMap<>(Answer.class);
            List<String> states = new ArrayList<>();
            states.add("empty");
            states.addAll(tags);
            states.add("head");
            for (String state : states) {
                if (state.equals("head")) {
                    steps.update();
                } else if (!state.equals("empty")) {
                    steps.updateTo(state);
                }
                for (String goal : goals) {
                    answers.merge(compare(steps, c, goal, schema + " at " + state + " toward " + goal), 1,
                            Integer::sum);
                }
            }
            assertThat(answers).as("reads answered from the compiled form").containsKey(Answer.COMPILED);
            assertThat(answers).as("goals Liquibase refuses").containsKey(Answer.REFUSED);
            if (schema.equals("codorch")) { // plain throughout: whatever Liquibase answers, the compiled form does
                assertThat(answers).doesNotContainKey(Answer.LIQUIBASE_ONLY);
            }
        }
    }

    /** A changeset without a rollback is for Liquibase to name, and the fleet refuses it before anything runs. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aPendingChangesetWithoutARollbackIsNamedByLiquibaseAndRefused(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "norollback", kind, """
                databaseChangeLog:
                - changeSet: {id: c1, author: host, changes: [{createTable: {tableName: kept, columns: [
                    {column: {name: id, type: int}}]}}]}
                - changeSet: {id: c2, author: host, changes: [{tagDatabase: {tag: v1}}]}
                - changeSet: {id: c3, author: host, changes: [{sql: {sql: "INSERT INTO kept (id) VALUES (1)"}}]}
                """);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "host").load();
            assertThat(compare(steps, c, "v1", "toward v1")).as("c1 and c2 have compiled undo")
                    .isEqualTo(Answer.COMPILED);
            assertThat(compare(steps, c, null, "toward the head")).isEqualTo(Answer.LIQUIBASE_ONLY);
            assertThat(PendingToGoal.throughLiquibase(steps.settings(), null).irreversible())
                    .containsExactly(file + "::c3::host");

            ClassLoader searchPath = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                    getClass().getClassLoader());
            FleetResult r = DbStepsFleet.configure().classLoader(searchPath).changelog(file, "host")
                    .target("one", db.url(), db.user(), db.password()).load().update();
            assertThat(r.targets()).singleElement().satisfies(t -> {
                assertThat(t.outcome()).isEqualTo(TargetResult.Outcome.FAILED);
                assertThat(t.errorCode()).isEqualTo(ErrorCode.ROLLBACK_IMPOSSIBLE);
                assertThat(t.message()).contains(file + "::c3::host").contains("Nothing was changed");
            });
            assertThat(Tables.exists(c, "kept")).isFalse();
        }
    }

    /** Who answered a read. */
    private enum Answer { COMPILED, LIQUIBASE_ONLY, REFUSED }

    /**
     * Compares the compiled read with Liquibase's. Where Liquibase refuses the goal, or names a changeset without a
     * rollback, the compiled form must not answer.
     */
    private static Answer compare(DbSteps steps, Connection c, String goal, String what) {
        Optional<CompiledPending.Read> compiled = CompiledPending.read(steps.settings(), c, goal);
        PendingToGoal liquibase;
        try {
            liquibase = PendingToGoal.throughLiquibase(steps.settings(), goal);
        } catch (DbStepsException e) {
            assertThat(compiled).as(what + ": Liquibase refuses (" + e.getMessage() + ")").isEmpty();
            return Answer.REFUSED;
        }
        if (!liquibase.irreversible().isEmpty()) {
            assertThat(compiled).as(what + ": a pending changeset has no rollback").isEmpty();
        }
        if (compiled.isEmpty()) {
            return Answer.LIQUIBASE_ONLY;
        }
        assertThat(compiled.get().history()).as(what).isEqualTo(liquibase.history());
        assertThat(compiled.get().currentTag()).as(what).isEqualTo(liquibase.currentTag());
        assertThat(compiled.get().pending()).as(what).isEqualTo(liquibase.pending());
        return Answer.COMPILED;
    }
}
