package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.harness.ShippedChangelogs;
import io.dbsteps.internal.command.CompiledRollback;
import io.dbsteps.internal.command.CompiledUpdate;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled path against the Liquibase path, side by side on two fresh databases: the same schema, the same history
 * rows (times and deployment ids aside), the same undo rows and the same rows, after a full update, at every tag
 * (rolled back to through Liquibase, newest first) and after the update from there to head, and after a rollback of
 * half of the changesets and the update that reapplies them. Driven by every shipped schema and by
 * test changelogs compiled here, on both databases; and the fall-backs to Liquibase in the middle of a run.
 */
class CompiledPathTest {
    /** dbsteps' and Liquibase's own tables: their rows hold times and ids that differ by nature. */
    private static final String TRACKING = "(?i)dbsteps_.*|.*_(log|lock|undo)";
    private static final java.util.regex.Pattern TIME =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

    @TempDir
    Path dir;

    static Stream<Arguments> shipped() {
        return ShippedChangelogs.onEveryDatabase().map(a -> Arguments.of(a.get()[0].toString(), a.get()[1]));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("shipped")
    void aShippedSchemaComesOutTheSameEitherWay(String schema, TestDb.Kind kind) throws Exception {
        sideBySide(kind, b -> b.schema(schema), "dbsteps_" + schema);
    }

    /**
     * Guarded releases run their changesets, and the rollback of a release whose health check fails, on the compiled
     * path under the lock the release holds: no history row is written or removed by Liquibase's generators (which
     * run plain statements; the compiled path runs prepared ones), and each release comes out as through Liquibase.
     * In turn: a release that goes back to an empty schema, one that is kept, one that goes back to the state it
     * tagged {@code pre-v2} before it started, and a release of the head.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void guardedReleasesRunTheirChangesetsAndRollbacksCompiled(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "release", kind, """
                databaseChangeLog:
                - changeSet: {id: c1, author: host, changes: [{createTable: {tableName: item, columns: [
                    {column: {name: id, type: int, constraints: {primaryKey: true, nullable: false}}}]}}]}
                - changeSet: {id: c2, author: host, changes: [{tagDatabase: {tag: v1}}]}
                - changeSet: {id: c3, author: host, changes: [{sql: {sql: "INSERT INTO item (id) VALUES (1)"}}],
                    rollback: [{sql: {sql: "DELETE FROM item WHERE id = 1"}}]}
                - changeSet: {id: c4, author: host, changes: [{createIndex: {tableName: item, indexName: ix_item,
                    columns: [{column: {name: id}}]}}]}
                - changeSet: {id: c5, author: host, changes: [{tagDatabase: {tag: v2}}]}
                - changeSet: {id: c6, author: host, changes: [{createTable: {tableName: extra, columns: [
                    {column: {name: id, type: int}}]}}]}
                """);
        try (TestDb viaLiquibase = TestDb.create(kind); TestDb compiled = TestDb.create(kind);
             Connection l = viaLiquibase.connect(); Connection c = compiled.connect()) {
            RecordingDataSource recording = new RecordingDataSource(compiled);
            DbSteps liquibase = viaLiquibase.configure().searchPath(dir).changelog(file, "host").compiledPath(false)
                    .load();
            DbSteps steps = DbSteps.configure().dataSource(recording).searchPath(dir).changelog(file, "host").load();
            java.time.Duration timeout = java.time.Duration.ofSeconds(30);
            record Release(String tag, boolean head, boolean healthy, ReleaseResult.Outcome outcome) {
                ReleaseResult on(DbSteps s, java.time.Duration timeout) {
                    return head ? s.releaseHead(tag, () -> healthy, timeout) : s.release(tag, () -> healthy, timeout);
                }
            }
            for (Release r : List.of(new Release("v1", false, false, ReleaseResult.Outcome.ROLLED_BACK),
                    new Release("v1", false, true, ReleaseResult.Outcome.RELEASED),
                    new Release("v2", false, false, ReleaseResult.Outcome.ROLLED_BACK),
                    new Release("v3", true, true, ReleaseResult.Outcome.RELEASED))) {
                if (r.tag().equals("v2")) { // the state it starts from has no tag: the release tags it pre-v2
                    liquibase.updateCount(1);
                    steps.updateCount(1);
                }
                ReleaseResult want = r.on(liquibase, timeout);
                ReleaseResult got = r.on(steps, timeout);
                String what = (r.healthy() ? "a kept release of " : "a release that went back, of ") + r.tag();
                assertThat(got.outcome()).as(what).isEqualTo(r.outcome()).isEqualTo(want.outcome());
                assertThat(got.safeTag()).as(what).isEqualTo(want.safeTag());
                assertThat(ids(got.update().steps(), List.of())).as(what).isNotEmpty()
                        .isEqualTo(ids(want.update().steps(), List.of()));
                if (!r.healthy()) {
                    assertThat(ids(got.rollback().steps(), List.of())).as(what).isNotEmpty()
                            .isEqualTo(ids(want.rollback().steps(), List.of()));
                }
                assertSame(l, c, "host", "after " + what);
            }
            assertThat(recording.statements()).as("history rows written or removed by Liquibase")
                    .noneMatch(sql -> sql.toUpperCase(java.util.Locale.ROOT)
                            .matches("(?s)\\s*(INSERT INTO|DELETE FROM)\\s+\\S*HOST_LOG\\b.*"));
            assertThat(recording.statements()).as("the recording sees the releases' statements")
                    .anyMatch(sql -> sql.toUpperCase(java.util.Locale.ROOT).contains("HOST_LOG"));
        }
    }

    /** Release by release, as a release manager updates to each tag: the compiled path stops at the tag as Liquibase does. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("shipped")
    void updatingToEachTagComesOutTheSameEitherWay(String schema, TestDb.Kind kind) throws Exception {
        try (TestDb viaLiquibase = TestDb.create(kind); TestDb compiled = TestDb.create(kind);
             Connection l = viaLiquibase.connect(); Connection c = compiled.connect()) {
            DbSteps liquibase = viaLiquibase.configure().schema(schema).compiledPath(false).load();
            DbSteps steps = compiled.configure().schema(schema).load();
            List<String> tags = steps.status().pending().stream().map(PendingChange::tag)
                    .filter(java.util.Objects::nonNull).toList();
            assertThat(tags).isNotEmpty();
            Optional<CompiledUpdate.Outcome> first = CompiledUpdate.run(settings(steps), c, tags.get(0));
            assertThat(first).as("the compiled path runs toward %s", tags.get(0)).isPresent();
            assertThat(first.get().steps()).isNotEmpty();
            if (!first.get().finished()) {
                steps.updateTo(tags.get(0));
            }
            liquibase.updateTo(tags.get(0));
            assertSame(l, c, "dbsteps_" + schema, "at tag " + tags.get(0));
            for (String tag : tags.subList(1, tags.size())) {
                UpdateResult expected = liquibase.updateTo(tag);
                UpdateResult actual = steps.updateTo(tag);
                assertThat(ids(actual.steps(), List.of())).isEqualTo(ids(expected.steps(), List.of()));
                assertThat(actual.toTag()).isEqualTo(tag);
                assertSame(l, c, "dbsteps_" + schema, "at tag " + tag);
            }
        }
    }

    /**
     * By a count, as Liquibase's updateCount counts: codorch (plain throughout) in steps of 3, 5 and then more than
     * remain; and a changelog whose second changeset is not plain, where the compiled part hands the rest of the count
     * to Liquibase.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void updatingByACountComesOutTheSameEitherWay(TestDb.Kind kind) throws Exception {
        try (TestDb viaLiquibase = TestDb.create(kind); TestDb compiled = TestDb.create(kind);
             Connection l = viaLiquibase.connect(); Connection c = compiled.connect()) {
            DbSteps liquibase = viaLiquibase.configure().schema("codorch").compiledPath(false).load();
            DbSteps steps = compiled.configure().schema("codorch").load();
            Optional<CompiledUpdate.Outcome> first = CompiledUpdate.runCount(settings(steps), c, 3);
            assertThat(first).isPresent();
            assertThat(first.get().steps()).hasSize(3);
            assertThat(first.get().finished()).isTrue();
            liquibase.updateCount(3);
            assertSame(l, c, "dbsteps_codorch", "after 3");
            for (int count : new int[] {5, 100}) {
                UpdateResult expected = liquibase.updateCount(count);
                UpdateResult actual = steps.updateCount(count);
                assertThat(ids(actual.steps(), List.of())).isEqualTo(ids(expected.steps(), List.of()));
                assertSame(l, c, "dbsteps_codorch", "after " + count + " more");
            }
        }
        String file = compile("counted", kind, """
                databaseChangeLog:
                - changeSet: {id: n1, author: host, changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: n2, author: host, preConditions: [{rowCount: {tableName: a, expectedRows: 0}}],
                    changes: [{createTable: {tableName: b, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: n3, author: host, changes: [{createTable: {tableName: c, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: n4, author: host, changes: [{createTable: {tableName: d, columns: [{column: {name: n, type: int}}]}}]}
                """);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "counted").load();
            UpdateResult r = steps.updateCount(3);
            assertThat(r.steps()).extracting(Step::id).containsExactly("n1", "n2", "n3");
            assertThat(values(c, "SELECT ID FROM counted_log ORDER BY ORDEREXECUTED")).containsExactly("n1", "n2", "n3");
            assertThat(values(c, "SELECT DISTINCT DEPLOYMENT_ID FROM counted_log")).as("one deployment").hasSize(1);
        }
    }

    /** A changelog of structured changes, preconditions and a tag, compiled by the build step a host uses. */
    private static final String HOST_CHANGELOG = """
            databaseChangeLog:
            - changeSet: {id: t1, author: host, changes: [{createTable: {tableName: item, columns: [
                {column: {name: id, type: int, constraints: {primaryKey: true, nullable: false}}},
                {column: {name: name, type: varchar(40), defaultValue: unnamed}}]}}]}
            - changeSet: {id: t2, author: host, preConditions: [{onFail: MARK_RAN}, {not: [{tableExists: {tableName: tag_of_item}}]}],
                comment: "  tags, with a comment Liquibase trims  ",
                changes: [{createTable: {tableName: tag_of_item, columns: [{column: {name: item_id, type: int}},
                  {column: {name: label, type: varchar(20)}}]}}]}
            - changeSet: {id: t3, author: host, context: "!never", labels: "a,b", changes: [
                {createIndex: {tableName: tag_of_item, indexName: ix_tag_item, columns: [{column: {name: item_id}}]}},
                {insert: {tableName: item, columns: [{column: {name: id, valueNumeric: 1}}, {column: {name: name, value: "it's"}}]}}]}
            - changeSet: {id: t4, author: host, changes: [{tagDatabase: {tag: v1}}]}
            - changeSet: {id: t5, author: host, preConditions: [{sqlCheck: {expectedResult: "1", sql: "SELECT COUNT(*) FROM item"}}],
                changes: [{sql: {sql: "UPDATE item SET name = 'renamed'; INSERT INTO tag_of_item VALUES (1, 'x')"}}],
                rollback: [{sql: {sql: "DELETE FROM tag_of_item; UPDATE item SET name = 'it''s'"}}]}
            - changeSet: {id: t6, author: host, changes: [{tagDatabase: {tag: v2}}]}
            """;

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aHostChangelogCompiledByTheBuildStepComesOutTheSameEitherWay(TestDb.Kind kind) throws Exception {
        String file = compile("host", kind, HOST_CHANGELOG);
        Outcome compiled = sideBySide(kind, b -> b.searchPath(dir).changelog(file, "host"), "host");
        assertThat(compiled.plain()).as("every changeset of it is plain").isEqualTo(6);
        assertThat(compiled.compiledRollbacks()).as("to each tag and of half ran compiled; of everything both refuse")
                .isEqualTo(3);
    }

    /** A plain changeset, then one the compiled path must leave to Liquibase, then plain ones again. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theRunGoesOnThroughLiquibaseFromTheFirstChangesetThatIsNotPlain(TestDb.Kind kind) throws Exception {
        String file = compile("mixed", kind, """
                databaseChangeLog:
                - changeSet: {id: m1, author: host, changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: m2, author: host, preConditions: [{rowCount: {tableName: a, expectedRows: 0}}],
                    changes: [{createTable: {tableName: b, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: m3, author: host, changes: [{createTable: {tableName: c, columns: [{column: {name: n, type: int}}]}}]}
                """);
        Outcome compiled = sideBySide(kind, b -> b.searchPath(dir).changelog(file, "mixed"), "mixed");
        assertThat(compiled.plain()).as("m1 compiled; m2 (rowCount) and, after it, m3 through Liquibase").isEqualTo(1);
        assertThat(compiled.finished()).isFalse();
        assertThat(compiled.compiledRollbacks()).as("a rollback does not check m2's precondition, so both rollbacks "
                + "(of half, and of everything) ran compiled").isEqualTo(2);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            assertThat(db.configure().searchPath(dir).changelog(file, "mixed").load().update().steps()).hasSize(3);
            assertThat(values(c, "SELECT DISTINCT DEPLOYMENT_ID FROM mixed_log"))
                    .as("one update, one deployment, whichever path wrote its rows").hasSize(1);
        }
    }

    /** A precondition that fails hands the changeset to Liquibase, which marks it ran as the changelog says. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aFailingPreconditionIsLeftToLiquibase(TestDb.Kind kind) throws Exception {
        String file = compile("adopt", kind, """
                databaseChangeLog:
                - changeSet: {id: p1, author: host, preConditions: [{onFail: MARK_RAN}, {not: [{tableExists: {tableName: a}}]}],
                    changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: p2, author: host, changes: [{createTable: {tableName: b, columns: [{column: {name: n, type: int}}]}}]}
                """);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE a (n INTEGER)");
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "adopt").load();
            Optional<CompiledUpdate.Outcome> o = CompiledUpdate.run(settings(steps), c);
            assertThat(o).as("p1's precondition fails: the compiled path runs nothing").isEmpty();
            assertThat(io.dbsteps.internal.jdbc.Tables.exists(c, "adopt_lock"))
                    .as("and creates nothing, not even the lock table").isFalse();
            UpdateResult r = steps.update();
            assertThat(r.steps()).extracting(Step::outcome).containsExactly(Step.Outcome.MARKED_RAN,
                    Step.Outcome.EXECUTED);
        }
    }

    /**
     * When Liquibase refuses the rest of an update whose first changesets ran on the compiled path, those stay applied
     * and the message says so, instead of claiming that nothing was changed.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRefusalAfterCompiledChangesetsSaysWhatWasApplied(TestDb.Kind kind) throws Exception {
        String file = compile("refused", kind, """
                databaseChangeLog:
                - changeSet: {id: r1, author: host, changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: r2, author: host, preConditions: [{onFail: MARK_RAN}, {not: [{tableExists: {tableName: b}}]}],
                    changes: [{createTable: {tableName: b, columns: [{column: {name: n, type: int}}]}}]}
                """);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE b (other VARCHAR(10))");
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "refused").load();
            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.ADOPTION_REFUSED))
                    .hasMessageContaining("Nothing more was changed")
                    .hasMessageContaining("Before that, this update applied 1 changeset (r1), which stay applied.");
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("r1");
        }
    }

    /** A changelog edited after the build compiled it runs as it is now, through Liquibase, never from stale SQL. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aChangelogEditedAfterItWasCompiledIsNotRunFromTheCompiledForm(TestDb.Kind kind) throws Exception {
        String file = compile("edited", kind, """
                databaseChangeLog:
                - changeSet: {id: e1, author: host, changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}]}
                """);
        Files.writeString(dir.resolve(file), """
                databaseChangeLog:
                - changeSet: {id: e1, author: host, changes: [{createTable: {tableName: a, columns: [{column: {name: m, type: int}}]}}]}
                """);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "edited").load();
            assertThat(CompiledUpdate.run(settings(steps), c)).as("the compiled form is stale").isEmpty();
            steps.update();
            assertThat(values(c, "SELECT m FROM a")).as("the edited changeset ran: column m").isEmpty();
        }
    }

    /**
     * The CLI's {@code --no-compiled-path} sends the update through Liquibase: in a fresh JVM, the update of codorch
     * loads Liquibase only with it.
     */
    @org.junit.jupiter.api.Test
    void theCliCanSendAnUpdateThroughLiquibase() throws Exception {
        assertThat(cliLoadsLiquibase("update", "--schema", "codorch")).as("the compiled path").isFalse();
        assertThat(cliLoadsLiquibase("update", "--schema", "codorch", "--no-compiled-path")).isTrue();
    }

    /** Runs the CLI in a fresh JVM on a new SQLite file; whether it loaded any Liquibase class. */
    private boolean cliLoadsLiquibase(String... args) throws Exception {
        Path db = Files.createTempFile(dir, "cli", ".db");
        Files.delete(db);
        CompiledForms.CliRun run = CompiledForms.cli(dir, db, args);
        assertThat(run.output()).contains("16 changesets applied");
        return run.loadedLiquibase();
    }

    /** A compiled changeset that fails changes nothing of its own, keeps those before it, and leaves no lock. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aFailingCompiledChangesetIsRolledBackAndReported(TestDb.Kind kind) throws Exception {
        String file = compile("failing", kind, """
                databaseChangeLog:
                - changeSet: {id: f1, author: host, changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: f2, author: host, changes: [{createTable: {tableName: b, columns: [{column: {name: n, type: int}}]}},
                    {sql: {sql: "INSERT INTO no_such_table VALUES (1)"}}], rollback: [{dropTable: {tableName: b}}]}
                """);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "failing").load();
            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("f2").hasMessageContaining("no_such_table")
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.CHANGESET_FAILED));
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("f1");
            assertThat(io.dbsteps.internal.jdbc.Tables.exists(c, "b")).as("f2's table is rolled back").isFalse();
            assertThat(values(c, "SELECT LOCKED FROM failing_lock")).as("the lock is free again")
                    .containsExactly(kind == TestDb.Kind.POSTGRESQL ? "f" : "0");
        }
    }

    private String compile(String name, TestDb.Kind kind, String yaml) throws Exception {
        return CompiledForms.compile(dir, name, kind, yaml);
    }

    /**
     * @param plain             the changesets the first update ran compiled
     * @param finished          true if it ran them all
     * @param compiledRollbacks the rollbacks that ran compiled
     */
    private record Outcome(int plain, boolean finished, int compiledRollbacks) {
    }

    /**
     * Updates one database through Liquibase and the other through the compiled path, then rolls half of each back
     * and updates again, and compares the two at each stage.
     */
    private Outcome sideBySide(TestDb.Kind kind, Function<DbStepsBuilder, DbStepsBuilder> changelog, String prefix)
            throws Exception {
        try (TestDb viaLiquibase = TestDb.create(kind); TestDb compiled = TestDb.create(kind);
             Connection l = viaLiquibase.connect(); Connection c = compiled.connect()) {
            DbSteps liquibase = changelog.apply(viaLiquibase.configure().compiledPath(false)).load();
            DbSteps steps = changelog.apply(compiled.configure()).load();
            UpdateResult expected = liquibase.update();
            Optional<CompiledUpdate.Outcome> outcome = CompiledUpdate.run(settings(steps), c);
            assertThat(outcome).as("the compiled path applies to %s", prefix).isPresent();
            int plain = outcome.get().steps().size();
            assertThat(plain).as("changesets run on the compiled path").isPositive();
            UpdateResult rest = steps.update();
            assertThat(ids(outcome.get().steps(), rest.steps())).as("the same changesets, in the same order")
                    .isEqualTo(ids(expected.steps(), List.of()));
            assertSame(l, c, prefix, "after the update");

            // from every tag, newest first, back to head: the compiled path starts from each state a release left
            List<String> tags = new ArrayList<>(expected.steps().stream().map(Step::tag)
                    .filter(java.util.Objects::nonNull).toList());
            java.util.Collections.reverse(tags);
            int compiledRollbacks = 0;
            for (String tag : tags) {
                RollbackResult want = liquibase.rollbackTo(tag);
                Optional<RollbackResult> got = CompiledRollback.run(settings(steps), c,
                        CompiledRollback.Target.toTag(tag), DataPolicy.ARCHIVE, "rollback to tag " + tag);
                compiledRollbacks += got.isPresent() ? 1 : 0;
                assertSameRollback(l, c, want, got.isPresent() ? got.get() : steps.rollbackTo(tag), "to tag " + tag);
                assertSame(l, c, prefix, "at tag " + tag);
                UpdateResult again = steps.update();
                assertThat(again.toTag()).isEqualTo(expected.toTag());
                liquibase.update();
                assertSame(l, c, prefix, "after updating from tag " + tag);
            }
            int half = Math.max(1, expected.steps().size() / 2);
            RollbackResult want = liquibase.rollbackCount(half);
            Optional<RollbackResult> got = CompiledRollback.run(settings(steps), c,
                    CompiledRollback.Target.lastApplied(half), DataPolicy.ARCHIVE, "rollback of " + half + " changesets");
            compiledRollbacks += got.isPresent() ? 1 : 0;
            assertSameRollback(l, c, want, got.isPresent() ? got.get() : steps.rollbackCount(half), "of " + half);
            assertSame(l, c, prefix, "after rolling back " + half);
            UpdateResult again = steps.update();
            assertThat(again.steps()).hasSize(half);
            liquibase.update();
            assertSame(l, c, prefix, "after updating again");

            // everything, archiving every table that holds data
            int all = expected.steps().size();
            try {
                want = liquibase.rollbackCount(all);
            } catch (DbStepsException refused) { // a changeset without a rollback: both refuse alike, changing nothing
                assertThat(CompiledRollback.run(settings(steps), c, CompiledRollback.Target.lastApplied(all),
                        DataPolicy.ARCHIVE, "rollback of " + all + " changesets")).isEmpty();
                assertThatThrownBy(() -> steps.rollbackCount(all)).isInstanceOf(DbStepsException.class)
                        .hasMessage(refused.getMessage());
                assertSame(l, c, prefix, "after both refused to roll everything back");
                return new Outcome(plain, outcome.get().finished(), compiledRollbacks);
            }
            got = CompiledRollback.run(settings(steps), c, CompiledRollback.Target.lastApplied(all), DataPolicy.ARCHIVE,
                    "rollback of " + all + " changesets");
            compiledRollbacks += got.isPresent() ? 1 : 0;
            assertSameRollback(l, c, want, got.isPresent() ? got.get() : steps.rollbackCount(all), "of everything");
            assertSame(l, c, prefix, "after rolling everything back");
            if (outcome.get().finished()) {
                assertThat(compiledRollbacks).as("every rollback of a changelog that is plain throughout ran compiled")
                        .isEqualTo(tags.size() + 2);
            }
            return new Outcome(plain, outcome.get().finished(), compiledRollbacks);
        }
    }

    /**
     * The two rollbacks undid the same changesets, between the same tags, and archived the same data: the same tables
     * and columns, the same row counts and the same rows in each archive.
     */
    private static void assertSameRollback(Connection l, Connection c, RollbackResult want, RollbackResult got,
            String what) throws Exception {
        assertThat(ids(got.steps(), List.of())).as("changesets undone by the rollback " + what)
                .isEqualTo(ids(want.steps(), List.of()));
        assertThat(got.fromTag()).isEqualTo(want.fromTag());
        assertThat(got.toTag()).isEqualTo(want.toTag());
        assertThat(got.archives()).extracting(Archive::table, Archive::column, Archive::rows)
                .as("archives of the rollback " + what)
                .isEqualTo(want.archives().stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.table(), a.column(),
                        a.rows())).toList());
        for (int i = 0; i < want.archives().size(); i++) {
            assertThat(untimedRows(c, got.archives().get(i).archiveTable())).as("rows archived " + what)
                    .isEqualTo(untimedRows(l, want.archives().get(i).archiveTable()));
        }
    }

    private static List<String> ids(List<Step> first, List<Step> then) {
        List<String> out = new ArrayList<>();
        first.forEach(s -> out.add(s.id() + " " + s.outcome() + " " + s.tag()));
        then.forEach(s -> out.add(s.id() + " " + s.outcome() + " " + s.tag()));
        return out;
    }

    private static void assertSame(Connection l, Connection c, String prefix, String when) throws Exception {
        assertThat(SchemaSnapshot.take(l, "^$").differencesTo(SchemaSnapshot.take(c, "^$")))
                .as("schema, tracking tables included, " + when).isEmpty();
        String history = "SELECT ID, AUTHOR, FILENAME, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, COMMENTS, TAG, "
                + "LIQUIBASE, CONTEXTS, LABELS FROM " + prefix + "_log ORDER BY ORDEREXECUTED";
        assertThat(rows(c, history)).as("history rows " + when).isEqualTo(rows(l, history));
        String undo = "SELECT id, author, filename, rollback_sql FROM " + prefix + "_undo ORDER BY id, author, filename";
        assertThat(rows(c, undo)).as("undo rows " + when).isEqualTo(rows(l, undo));
        String lock = "SELECT ID, LOCKED, LOCKEDBY FROM " + prefix + "_lock";
        assertThat(rows(c, lock)).as("lock row " + when).isEqualTo(rows(l, lock));
        assertThat(RowChecksums.of(c, TRACKING).keySet()).as("tables " + when)
                .isEqualTo(RowChecksums.of(l, TRACKING).keySet());
        for (String table : RowChecksums.of(l, TRACKING).keySet()) {
            assertThat(untimedRows(c, table)).as("rows of " + table + " " + when).isEqualTo(untimedRows(l, table));
        }
    }

    /**
     * A table's rows, sorted, without the columns of a date or time type and with times in text columns masked: the two
     * databases were built a moment apart, and a column defaulting to the current time differs by that moment.
     */
    private static List<String> untimedRows(Connection c, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            var meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String type = String.valueOf(meta.getColumnTypeName(i)).toUpperCase(java.util.Locale.ROOT);
                    if (!type.contains("TIME") && !type.contains("DATE")) {
                        String value = rs.getString(i) == null ? null
                                : TIME.matcher(rs.getString(i)).replaceAll("<time>");
                        row.append(meta.getColumnName(i)).append('=').append(value).append('|');
                    }
                }
                out.add(row.toString());
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    private static List<List<String>> rows(Connection c, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static List<String> values(Connection c, String sql) throws Exception {
        return rows(c, sql).stream().map(r -> r.get(0)).toList();
    }

    private static Settings settings(DbSteps steps) {
        return ((DbStepsAccess) () -> steps).settings();
    }
}
