package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.internal.command.CompiledRollback;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.jdbc.Tables;
import io.dbsteps.testing.TableBlocker;
import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compiled path of a rollback ({@link CompiledRollback}) where it must not run, where it must refuse, and what a
 * failure leaves; {@code CompiledPathTest} compares its results with the Liquibase path's, side by side.
 */
class CompiledRollbackTest {
    private static final String CHANGELOG = """
            databaseChangeLog:
            - changeSet: {id: c1, author: host, changes: [{createTable: {tableName: parent, columns: [
                {column: {name: id, type: int, constraints: {primaryKey: true, nullable: false}}}]}}]}
            - changeSet: {id: c2, author: host, changes: [{tagDatabase: {tag: v1}}]}
            - changeSet: {id: c3, author: host, changes: [{createTable: {tableName: child, columns: [
                {column: {name: id, type: int}},
                {column: {name: parent_id, type: int, constraints: {foreignKeyName: fk_child_parent, references: parent(id)}}}]}}]}
            - changeSet: {id: c4, author: host, changes: [{createTable: {tableName: note, columns: [
                {column: {name: id, type: int}}, {column: {name: text, type: varchar(20)}}]}}]}
            - changeSet: {id: c5, author: host, changes: [{tagDatabase: {tag: v2}}]}
            - changeSet: {id: c6, author: host, changes: [{sql: {sql: "INSERT INTO parent (id) VALUES (7); INSERT INTO note (id, text) VALUES (7, 'seven')"}}],
                rollback: [{sql: {sql: "DELETE FROM note WHERE id = 7; DELETE FROM parent WHERE id = 7"}}]}
            - changeSet: {id: c7, author: host, changes: [{tagDatabase: {tag: v3}}]}
            """;

    @TempDir
    Path dir;

    private DbSteps load(TestDb db, String file) {
        return db.configure().searchPath(dir).changelog(file, "host").load();
    }

    private static Settings settings(DbSteps steps) {
        return ((DbStepsAccess) () -> steps).settings();
    }

    private static java.util.Optional<RollbackResult> compiled(DbSteps steps, Connection c, String tag) {
        return CompiledRollback.run(settings(steps), c, CompiledRollback.Target.toTag(tag), DataPolicy.ARCHIVE,
                "rollback to tag " + tag);
    }

    /** The plan the compiled path makes is the Liquibase path's, so a plan shown by either runs on the other. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theCompiledPlanIsTheLiquibasePlan(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "plan", kind, CHANGELOG);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = load(db, file);
            steps.update();
            DbSteps viaLiquibase = db.configure().searchPath(dir).changelog(file, "host").compiledPath(false).load();
            for (String tag : List.of("v1", "v2", "v3")) {
                RollbackPlan compiled = CompiledRollback.plan(settings(steps), c, CompiledRollback.Target.toTag(tag))
                        .orElseThrow();
                RollbackPlan liquibase = viaLiquibase.planRollback(tag);
                assertThat(compiled).as("plan to " + tag).isEqualTo(liquibase);
                assertThat(compiled.fingerprint()).isEqualTo(liquibase.fingerprint());
            }
            RollbackPlan shown = viaLiquibase.planRollback("v1");
            RollbackResult r = CompiledRollback.run(settings(steps), c, CompiledRollback.Target.exactly(shown),
                    DataPolicy.ARCHIVE, "rollback of the planned changesets").orElseThrow();
            assertThat(r.toTag()).as("v1's own tagDatabase changeset is undone too, as Liquibase does").isNull();
            assertThat(r.steps()).extracting(Step::id).containsExactly("c7", "c6", "c5", "c4", "c3", "c2");
            assertThat(r.archives()).extracting(Archive::table, Archive::column, Archive::rows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("note", null, 1L));
        }
    }

    /** A plan made before the history changed is refused, by the Liquibase path with both plans; nothing changes. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aPlanTheHistoryNoLongerMatchesIsLeftToTheLiquibasePathWhichRefusesIt(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "stale", kind, CHANGELOG);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = load(db, file);
            steps.updateTo("v2");
            RollbackPlan shown = steps.planRollback("v1");
            steps.update();
            assertThat(CompiledRollback.run(settings(steps), c, CompiledRollback.Target.exactly(shown),
                    DataPolicy.ARCHIVE, "rollback of the planned changesets")).isEmpty();
            assertThatThrownBy(() -> steps.rollback(shown, DataPolicy.ARCHIVE)).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.PLAN_CHANGED));
            assertThat(steps.history().applied()).hasSize(7);
        }
    }

    /**
     * The compiled path runs only the SQL it compiled: an undo row that differs (another version stored it, or a
     * person edited it) sends the rollback to Liquibase, which undoes the changeset from the changelog.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anUndoRowThatIsNotTheCompiledUndoIsLeftToLiquibase(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "edited", kind, CHANGELOG);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = load(db, file);
            steps.update();
            st.executeUpdate("UPDATE host_undo SET rollback_sql = 'DROP TABLE parent' WHERE id = 'c6'");
            assertThat(compiled(steps, c, "v2")).isEmpty();
            RollbackResult r = steps.rollbackTo("v2");
            assertThat(r.steps()).extracting(Step::id).startsWith("c7", "c6");
            assertThat(Tables.exists(c, "parent")).as("the changelog's rollback ran, not the edited row").isTrue();
            assertThat(count(c, "SELECT COUNT(*) FROM parent")).isZero();
        }
    }

    /** Rows Liquibase wrote as marked ran, or another schema's history in the namespace: the Liquibase path decides. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void whatOnlyTheLiquibasePathChecksIsLeftToIt(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "guards", kind, CHANGELOG);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = load(db, file);
            steps.update();
            st.executeUpdate("UPDATE host_log SET EXECTYPE = 'MARK_RAN' WHERE ID = 'c1'");
            assertThat(compiled(steps, c, "v2")).as("a marked-ran row").isEmpty();
            st.executeUpdate("UPDATE host_log SET EXECTYPE = 'EXECUTED' WHERE ID = 'c1'");
            assertThat(compiled(steps, c, "V2")).as("a tag in another case, as Liquibase matches it").isPresent();
            steps.update();
            st.execute("CREATE TABLE other_log (ID VARCHAR(255), AUTHOR VARCHAR(255), FILENAME VARCHAR(255), "
                    + "EXECTYPE VARCHAR(10))");
            assertThat(compiled(steps, c, "v2")).as("another schema's history here").isEmpty();
            assertThat(compiled(steps, c, "no-such-tag")).as("an unknown tag").isEmpty();
            assertThatThrownBy(() -> steps.rollbackTo("no-such-tag")).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.UNKNOWN_TAG));
            assertThat(steps.history().applied()).hasSize(7);
        }
    }

    /**
     * A compiled rollback whose undo fails changes nothing: the changesets undone before the failure are applied again
     * with the transaction's rollback, no archive is kept, and the lock is free.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aFailingUndoChangesNothing(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "failing", kind, """
                databaseChangeLog:
                - changeSet: {id: f1, author: host, changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: f2, author: host, changes: [{tagDatabase: {tag: v1}}]}
                - changeSet: {id: f3, author: host, changes: [{sql: {sql: "INSERT INTO a VALUES (1)"}}],
                    rollback: [{sql: {sql: "DELETE FROM no_such_table"}}]}
                - changeSet: {id: f4, author: host, changes: [{createTable: {tableName: b, columns: [{column: {name: m, type: int}}]}}]}
                """);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "failing").load();
            steps.update();
            st.executeUpdate("INSERT INTO b VALUES (5)");
            SchemaSnapshot before = SchemaSnapshot.take(c, "^$");
            SortedMap<String, String> rows = RowChecksums.of(c, "(?i).*_lock");
            assertThatThrownBy(() -> compiled(steps, c, "v1")).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("f3").hasMessageContaining("no_such_table")
                    .hasMessageContaining("Nothing was changed: the rollback ran as one transaction, which was rolled "
                            + "back, the 1 changeset(s) undone before the failure included");
            assertThat(SchemaSnapshot.take(c, "^$").differencesTo(before)).as("schema").isEmpty();
            assertThat(RowChecksums.of(c, "(?i).*_lock")).as("every row, the archive of b kept by none").isEqualTo(rows);
            assertThat(count(c, "SELECT COUNT(*) FROM failing_lock WHERE LOCKED = " + (kind == TestDb.Kind.POSTGRESQL
                    ? "TRUE" : "1"))).as("the lock is free").isZero();
        }
    }

    /** On SQLite, a rollback that breaks a foreign key is refused before its commit, as on the Liquibase path. */
    @Test
    void aRollbackThatBreaksAForeignKeyOnSqliteChangesNothing() throws Exception {
        String file = CompiledForms.compile(dir, "fk", TestDb.Kind.SQLITE, CHANGELOG);
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect();
             Statement st = c.createStatement()) {
            DbSteps steps = load(db, file);
            steps.update();
            st.executeUpdate("INSERT INTO child (id, parent_id) VALUES (1, 7)");
            SortedMap<String, String> rows = RowChecksums.of(c, "(?i).*_lock");
            assertThatThrownBy(() -> compiled(steps, c, "v2")).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.CHANGESET_FAILED))
                    .hasMessageContaining("child").hasMessageContaining("Nothing was changed");
            assertThat(RowChecksums.of(c, "(?i).*_lock")).isEqualTo(rows);
            assertThat(steps.history().applied()).hasSize(7);
        }
    }

    /**
     * On PostgreSQL a compiled rollback blocked by another session's table lock waits as configured: held, it fails
     * with TABLE_LOCKED and nothing changed; released during a wait, the retry undoes each changeset once.
     */
    @Test
    void aTableLockBoundsTheCompiledRollbackAndARetryRunsItOnce() throws Exception {
        String file = CompiledForms.compile(dir, "locked", TestDb.Kind.POSTGRESQL, CHANGELOG);
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection c = db.connect();
             Connection blocker = db.connect()) {
            DbSteps steps = db.configure().searchPath(dir).changelog(file, "host")
                    .tableLockTimeout(java.time.Duration.ofMillis(200)).tableLockRetries(2).load();
            steps.update();
            SortedMap<String, String> rows = RowChecksums.of(c, "(?i).*_lock");
            TableBlocker.read(blocker, "note");
            assertThatThrownBy(() -> compiled(steps, c, "v1")).isInstanceOf(DbStepsException.class)
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.TABLE_LOCKED))
                    .hasMessageContaining("Nothing was changed");
            blocker.commit();
            assertThat(RowChecksums.of(c, "(?i).*_lock")).isEqualTo(rows);

            TableBlocker.read(blocker, "note");
            Thread release = TableBlocker.commitAfter(blocker, 300);
            List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            DbSteps listened = db.configure().searchPath(dir).changelog(file, "host")
                    .tableLockTimeout(java.time.Duration.ofMillis(200)).tableLockRetries(2)
                    .progress(step -> heard.add(step.id())).load();
            RollbackResult r = compiled(listened, c, "v1").orElseThrow();
            release.join();
            assertThat(r.steps()).extracting(Step::id).containsExactly("c7", "c6", "c5", "c4", "c3", "c2");
            assertThat(heard).as("the listener hears each changeset once, though the retry undid c7 again")
                    .containsExactly("c7", "c6", "c5", "c4", "c3", "c2");
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("c1");
        }
    }

    /** With the data policy DISCARD, nothing is archived, on the compiled path as on Liquibase's. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void discardingArchivesNothing(TestDb.Kind kind) throws Exception {
        String file = CompiledForms.compile(dir, "discard", kind, CHANGELOG);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = load(db, file);
            steps.update();
            RollbackResult r = CompiledRollback.run(settings(steps), c, CompiledRollback.Target.toTag("v1"),
                    DataPolicy.DISCARD, "rollback to tag v1").orElseThrow();
            assertThat(r.steps()).extracting(Step::id).containsExactly("c7", "c6", "c5", "c4", "c3", "c2");
            assertThat(r.archives()).isEmpty();
            assertThat(Tables.exists(c, "dbsteps_archive_index")).isFalse();
        }
    }

    /**
     * In a fresh JVM, the CLI's rollback of codorch, planned, shown and run, loads no Liquibase class; with
     * {@code --no-compiled-path} it goes through Liquibase.
     */
    @Test
    void theCliRollsBackWithoutLiquibase() throws Exception {
        Path db = Files.createTempFile(dir, "cli", ".db");
        Files.delete(db);
        assertThat(cli(db, "update", "--schema", "codorch")).as("the update").isFalse();
        assertThat(cli(db, "rollback", "--count", "4", "--schema", "codorch")).as("the rollback").isFalse();
        assertThat(cli(db, "rollback", "--count", "2", "--schema", "codorch", "--no-compiled-path"))
                .as("the rollback through Liquibase").isTrue();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(count(c, "SELECT COUNT(*) FROM dbsteps_codorch_log")).isEqualTo(10);
        }
    }

    /** Runs the CLI in a fresh JVM on the SQLite file; whether it loaded any Liquibase class. */
    private boolean cli(Path db, String... args) throws Exception {
        return CompiledForms.cli(dir, db, args).loadedLiquibase();
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
