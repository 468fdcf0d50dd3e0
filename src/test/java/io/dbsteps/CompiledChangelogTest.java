package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.ShippedChangelogs;
import io.dbsteps.harness.Target;
import io.dbsteps.internal.fastpath.ChangelogCompiler;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.EnumSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled changelog against the Liquibase path, changeset by changeset: what the build compiled for a plain
 * changeset is exactly the SQL Liquibase ran for it, and for every changeset the history row Liquibase wrote and the
 * undo row dbsteps stored are the compiled ones (times, order and deployment id aside). Driven by the shipped schemas
 * and by changelogs dbsteps did not write, on both databases.
 */
class CompiledChangelogTest {

    static Stream<Arguments> changelogs() {
        List<Arguments> out = new ArrayList<>();
        for (Target t : ShippedChangelogs.targets().toList()) {
            out.add(Arguments.of(t, TestDb.Kind.POSTGRESQL));
            out.add(Arguments.of(t, TestDb.Kind.SQLITE));
        }
        Target matrix = Target.custom("sqlite-matrix", "sqlite-matrix/changelog.yaml", "proof_matrix");
        Target init = Target.custom("liquibase-init-example", "corpus/liquibase-init-example/example-changelog.yaml",
                "init_example");
        out.add(Arguments.of(matrix, TestDb.Kind.POSTGRESQL));
        out.add(Arguments.of(matrix, TestDb.Kind.SQLITE));
        out.add(Arguments.of(init, TestDb.Kind.POSTGRESQL));
        out.add(Arguments.of(init, TestDb.Kind.SQLITE));
        // as the corpus runs them: the first only on SQLite (its mixed-case names), the second only on PostgreSQL
        out.add(Arguments.of(Target.custom("liquibase-rollback", "corpus/liquibase-rollback/rollback.tests.changelog.xml",
                "lb_rollback"), TestDb.Kind.SQLITE));
        out.add(Arguments.of(Target.custom("jhipster-sample-app", "corpus/jhipster-sample-app/master.xml", "jhipster"),
                TestDb.Kind.POSTGRESQL));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("changelogs")
    void theCompiledChangelogIsWhatLiquibaseRunsAndRecords(Target target, TestDb.Kind kind) throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        CompiledChangelog compiled = ChangelogCompiler.compile(loader, target.changelogPath(), kind.toString(),
                List.of(), Map.of());
        if (target.path() == null) {
            assertThat(CompiledChangelog.shipped(loader, target.changelogPath(), kind.toString(), List.of(), Map.of())
                    .map(CompiledChangelog::format)).as("the jar ships what the build compiled")
                    .contains(compiled.format());
        }
        assertThat(CompiledChangelog.parse(compiled.format()).steps()).as("the text form reads back")
                .isEqualTo(compiled.steps());
        try (TestDb db = TestDb.create(kind)) {
            RecordingDataSource recording = new RecordingDataSource(db);
            DbStepsBuilder b = DbSteps.configure().dataSource(recording).compiledPath(false);
            DbSteps steps = (target.path() == null ? b.schema(target.name())
                    : b.changelog(target.path(), target.tablePrefix())).load();
            steps.update();
            String schema = kind == TestDb.Kind.POSTGRESQL ? "public" : null;
            String log = target.tablePrefix() + "_log";
            List<List<String>> ran = recording.byChangeset(log);
            try (Connection c = db.connect()) {
                List<Map<String, String>> rows = rows(c, "SELECT ID, AUTHOR, FILENAME, MD5SUM, DESCRIPTION, COMMENTS, "
                        + "CONTEXTS, LABELS, TAG, EXECTYPE, LIQUIBASE FROM " + log + " ORDER BY ORDEREXECUTED");
                assertThat(rows).as("a history row per compiled changeset").hasSize(compiled.steps().size());
                int plain = 0;
                for (int i = 0; i < rows.size(); i++) {
                    CompiledChangelog.Step step = compiled.steps().get(i);
                    Map<String, String> row = rows.get(i);
                    String name = step.id() + " (" + kind + ")";
                    assertThat(row).as("history row of " + name).containsEntry("ID", step.id())
                            .containsEntry("AUTHOR", step.author()).containsEntry("FILENAME", step.file())
                            .containsEntry("MD5SUM", step.checksum()).containsEntry("DESCRIPTION", step.description())
                            .containsEntry("COMMENTS", step.comments()).containsEntry("CONTEXTS", step.contexts())
                            .containsEntry("LABELS", step.labels()).containsEntry("TAG", step.tag())
                            .containsEntry("LIQUIBASE", liquibase.util.LiquibaseUtil.getBuildVersion());
                    if ((step.plain() || step.undo() != null) && "EXECUTED".equals(row.get("EXECTYPE"))) {
                        assertThat(undoRow(c, target.tablePrefix() + "_undo", step))
                                .as("undo row of " + name).isEqualTo(CompiledChangelog.inSchema(step.undo(), schema)
                                        .orElse(null));
                    }
                    if (step.plain() && "EXECUTED".equals(row.get("EXECTYPE"))) {
                        plain++;
                        assertThat(ran.get(i)).as("SQL Liquibase ran for " + name)
                                .isEqualTo(step.sql().stream().map(s -> CompiledChangelog.inSchema(s, schema)
                                        .orElseThrow()).toList());
                    }
                }
                assertThat(plain).as("plain changesets compared in " + target.name()).isPositive();
            }
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void whatDependsOnMoreThanItsTextIsNotPlainAndSaysWhy(TestDb.Kind kind) throws Exception {
        Files.writeString(dir.resolve("hostile.yaml"), """
                databaseChangeLog:
                - changeSet: {id: placeholder, author: t, changes: [{sql: {sql: "CREATE TABLE dbsteps_compiled_schema_x (n int)"}}],
                    rollback: [{sql: {sql: "DROP TABLE dbsteps_compiled_schema_x"}}]}
                - changeSet: {id: rewritten, author: t, changes: [{createTable: {tableName: a, columns: [{column: {name: n, type: int}}]}}],
                    modifySql: [{append: {value: " -- x"}}]}
                - changeSet: {id: row-count, author: t, preConditions: [{rowCount: {tableName: a, expectedRows: 0}}],
                    changes: [{createTable: {tableName: b, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: other-schema, author: t, preConditions: [{onFail: MARK_RAN}, {tableExists: {schemaName: s, tableName: a}}],
                    changes: [{createTable: {tableName: c, columns: [{column: {name: n, type: int}}]}}]}
                - changeSet: {id: plain, author: t, preConditions: [{onFail: MARK_RAN}, {not: [{tableExists: {tableName: d}}]}, {sqlCheck: {expectedResult: "0", sql: "SELECT 0"}}],
                    changes: [{createTable: {tableName: d, columns: [{column: {name: n, type: int}}]}}]}
                """);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            Map<String, CompiledChangelog.Step> steps = new java.util.HashMap<>();
            ChangelogCompiler.compile(loader, "hostile.yaml", kind.toString(), List.of(), Map.of()).steps()
                    .forEach(s -> steps.put(s.id(), s));
            assertThat(steps.get("placeholder").notPlain()).contains(CompiledChangelog.SCHEMA_PLACEHOLDER);
            assertThat(steps.get("placeholder").sql()).isEmpty();
            assertThat(steps.get("rewritten").notPlain()).contains("modifySql");
            assertThat(steps.get("row-count").notPlain()).contains("rowCount");
            assertThat(steps.get("other-schema").notPlain()).contains("names a schema");
            CompiledChangelog.Step plain = steps.get("plain");
            assertThat(plain.notPlain()).isNull();
            assertThat(plain.precondition()).isEqualTo("MARK_RAN HALT and 2 not 1 tableExists d sqlCheck 0 SELECT+0");
            assertThat(plain.sql()).hasSize(1).allMatch(s -> s.startsWith("CREATE TABLE"));
        }
    }

    private static List<Map<String, String>> rows(Connection c, String sql) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, String> row = new java.util.HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toUpperCase(java.util.Locale.ROOT), rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String undoRow(Connection c, String table, CompiledChangelog.Step step) throws Exception {
        try (var ps = c.prepareStatement("SELECT rollback_sql FROM " + table
                + " WHERE id = ? AND author = ? AND filename = ?")) {
            ps.setString(1, step.id());
            ps.setString(2, step.author());
            ps.setString(3, step.file());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("an undo row for " + step.id()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
