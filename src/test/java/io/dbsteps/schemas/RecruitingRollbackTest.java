package io.dbsteps.schemas;

import static io.dbsteps.schemas.RecruitingRows.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.RollbackPlan;
import io.dbsteps.RollbackResult;
import io.dbsteps.harness.Fixture;
import io.dbsteps.harness.FixtureLoader;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Rollbacks of recruiting with data: to every tag, with rows the application wrote after the move, and the shape
 * of the rollbacks that drop v1.1 data (structured, so that an archive step can see what they drop).
 */
class RecruitingRollbackTest {
    private static final String TRACKING = Target.shipped("recruiting").excludedTables();
    private static final List<String> TAGS = List.of("1.0", "1.1-phase1", "1.1-phase2", "1.1-phase3", "1.1-phase4",
            "1.1-phase5", "1.1-phase6", "1.1");

    /**
     * With the plan-scale data set, every table's rows are checksummed at every tag on the way up. Rolling back to
     * each tag, newest first, gives back exactly those rows, down to the original v1.0 rows at 1.0; updating again
     * moves everything again.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void rollbackToEveryTagRestoresTheRowsOfThatTag(TestDb.Kind kind) throws Exception {
        Fixture fixture = Fixture.read("recruiting", "1.0-plan-scale");
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            boolean postgres = kind == TestDb.Kind.POSTGRESQL;
            DbSteps steps = db.configure().schema("recruiting").load();
            steps.updateTo("1.0");
            FixtureLoader.load(c, postgres, fixture);
            Map<String, SortedMap<String, String>> atTag = new LinkedHashMap<>();
            for (String tag : TAGS) {
                steps.updateTo(tag);
                atTag.put(tag, RowChecksums.of(c, TRACKING));
            }
            assertThat(FixtureLoader.failedChecks(c, postgres, fixture)).isEmpty();
            for (int i = TAGS.size() - 2; i >= 0; i--) {
                String tag = TAGS.get(i);
                steps.rollbackTo(tag);
                assertThat(RowChecksums.of(c, TRACKING)).as("rows after the rollback to " + tag)
                        .isEqualTo(atTag.get(tag));
            }
            steps.update();
            assertThat(FixtureLoader.failedChecks(c, postgres, fixture)).as("checks after updating again").isEmpty();
        }
    }

    /**
     * Rows the application writes at 1.1 are not deleted with the moved rows. A rollback to 1.1-phase1 keeps the
     * candidates table: it deletes the moved candidates and assignments, but keeps a new candidate, the new
     * assignments, and a moved candidate that a new assignment still points at. Tables created after 1.1-phase1 are
     * dropped whole, by dropTable. Updating again moves the rest back in without duplicates.
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void rowsWrittenAfterTheMoveAreNotDeletedWithTheMovedRows(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().schema("recruiting").load();
            steps.updateTo("1.0");
            RecruitingRows rows = new RecruitingRows(c);
            rows.user("ana", "consultant");
            rows.user("bob", "consultant");
            rows.upload("up-1", "ana", "one.pdf", "cv.pdf", "2025-06-01 10:00:00");
            rows.upload("up-2", "ana", "two.pdf", "cv.pdf", "2025-06-01 10:00:00");
            SortedMap<String, String> original = RowChecksums.of(c, TRACKING);
            steps.update();

            rows.exec("INSERT INTO candidates (id, first_name, last_name, created_by_user_id) VALUES ('"
                            + id("new-candidate") + "', 'Nia', 'New', '" + id("bob") + "')",
                    "INSERT INTO user_candidate_assignments (id, user_id, candidate_id) VALUES ('" + id("assign-new")
                            + "', '" + id("bob") + "', '" + id("new-candidate") + "')",
                    "INSERT INTO user_candidate_assignments (id, user_id, candidate_id, assignment_type) VALUES ('"
                            + id("reassign-up-1") + "', '" + id("bob") + "', '" + id("up-1") + "', 'secondary')",
                    "INSERT INTO resumes (id, candidate_id, uploaded_by_user_id, original_filename, stored_filename,"
                            + " file_size, mime_type) VALUES ('" + id("new-resume") + "', '" + id("new-candidate")
                            + "', '" + id("bob") + "', 'nia.pdf', 'nia-1.pdf', 10, 'application/pdf')",
                    "INSERT INTO review_requests (id, resume_id, requested_by_user_id) VALUES ('" + id("new-review")
                            + "', '" + id("up-1") + "', '" + id("bob") + "')",
                    "INSERT INTO activity_logs (id, user_id, action) VALUES ('" + id("log") + "', '" + id("bob")
                            + "', 'candidate.create')");

            RollbackPlan plan = steps.planRollback("1.1-phase1");
            RollbackResult undone = steps.rollbackTo("1.1-phase1");
            // Everything the plan counts as dropped is archived before the first undo step runs, from the state the
            // plan counted: the v1.1 tables whole, the rows the application wrote there among them.
            List<String> counted = plan.steps().stream().flatMap(s -> s.drops().stream()).filter(d -> d.rows() > 0)
                    .map(d -> d.table() + (d.column() == null ? "" : "." + d.column()) + ":" + d.rows()).toList();
            assertThat(undone.archives()).extracting(a -> a.table() + (a.column() == null ? "" : "." + a.column())
                    + ":" + a.rows()).containsExactlyInAnyOrderElementsOf(counted)
                    .contains("review_requests:1", "resumes:3");
            assertThat(undone.archives()).filteredOn(a -> a.table().equals("resumes")).singleElement()
                    .satisfies(a -> assertThat(rows.strings("SELECT id FROM " + a.archiveTable())).contains(id("new-resume")));
            assertThat(undone.archives()).filteredOn(a -> a.table().equals("review_requests")).singleElement()
                    .satisfies(a -> assertThat(rows.strings("SELECT id FROM " + a.archiveTable()))
                            .containsExactly(id("new-review")));
            assertThat(rows.strings("SELECT id FROM candidates")).containsExactlyInAnyOrder(id("new-candidate"),
                    id("up-1"));
            assertThat(rows.strings("SELECT id FROM user_candidate_assignments"))
                    .containsExactlyInAnyOrder(id("assign-new"), id("reassign-up-1"));
            assertThat(rows.strings("SELECT id FROM activity_logs")).containsExactly(id("log"));
            assertThat(tableCount(rows, kind, "resumes")).isZero();

            steps.update();
            assertThat(rows.strings("SELECT id FROM candidates")).containsExactlyInAnyOrder(id("new-candidate"),
                    id("up-1"), id("up-2"));
            assertThat(rows.count("SELECT COUNT(*) FROM user_candidate_assignments")).isEqualTo(4);
            assertThat(rows.strings("SELECT id FROM resumes")).containsExactlyInAnyOrder(id("up-1"), id("up-2"));

            steps.rollbackTo("1.0");
            assertThat(RowChecksums.of(c, TRACKING)).isEqualTo(original);
        }
    }

    private static long tableCount(RecruitingRows rows, TestDb.Kind kind, String table) {
        return rows.count(kind == TestDb.Kind.POSTGRESQL
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '"
                        + table + "'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'");
    }

    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (\\w+)");
    private static final Pattern ADD_COLUMN = Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN (?:IF NOT EXISTS )?(\\w+)");

    /**
     * Every v1.1 table is dropped in its rollback by a structured dropTable, and every column added to a v1.0 table
     * by a structured dropColumn on PostgreSQL (SQLite cannot use Liquibase's dropColumn, see the changelog). No
     * rollback SQL drops a table, and no rollback SQL empties a v1.1 table: it deletes only the rows its move made.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyRollbackThatDropsV11DataIsAStructuredChange() throws IOException {
        List<String> created = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String release : List.of("1.1-phase1", "1.1-phase2", "1.1-phase3", "1.1-phase4", "1.1-phase5",
                "1.1-phase6", "1.1")) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(Path.of("changelogs/recruiting/" + release + ".yaml")));
            for (Object item : (List<Object>) root.get("databaseChangeLog")) {
                Map<String, Object> cs = (Map<String, Object>) ((Map<String, Object>) item).get("changeSet");
                if (cs == null) {
                    continue;
                }
                String id = (String) cs.get("id");
                List<Map<String, Object>> changes = (List<Map<String, Object>>) cs.get("changes");
                List<Map<String, Object>> rollback = (List<Map<String, Object>>) cs.getOrDefault("rollback", List.of());
                for (Map<String, Object> change : changes) {
                    Map<String, Object> sql = (Map<String, Object>) change.get("sql");
                    if (sql == null) {
                        continue;
                    }
                    String text = sql.get("sql").toString().replaceAll("\\s+", " ");
                    Matcher m = CREATE_TABLE.matcher(text);
                    while (m.find()) {
                        String table = m.group(1);
                        if (text.contains("ALTER TABLE " + table + " RENAME TO")) {
                            continue; // the new copy of a table rebuilt on SQLite
                        }
                        created.add(table);
                        assertThat(rollback).as(id + " creates " + table)
                                .contains(Map.of("dropTable", Map.of("tableName", table)));
                    }
                    Matcher a = ADD_COLUMN.matcher(text);
                    while (a.find()) {
                        added.add(a.group(1) + "." + a.group(2));
                        if ("sqlite".equals(cs.get("dbms"))) {
                            assertThat(rollback).as(id + " adds " + a.group(2)).contains(Map.of("sql", Map.of("sql",
                                    "ALTER TABLE " + a.group(1) + " DROP COLUMN " + a.group(2))));
                        } else {
                            assertThat(rollback).as(id + " adds " + a.group(2)).contains(Map.of("dropColumn",
                                    Map.of("tableName", a.group(1), "columnName", a.group(2))));
                        }
                    }
                }
                for (Map<String, Object> undo : rollback) {
                    Map<String, Object> sql = (Map<String, Object>) undo.get("sql");
                    if (sql == null) {
                        continue;
                    }
                    String text = sql.get("sql").toString().replaceAll("\\s+", " ");
                    assertThat(text).as(id + " rollback").doesNotContainPattern("DROP TABLE (?!users\\b|prompts\\b)");
                    if (text.startsWith("DELETE FROM") && !text.startsWith("DELETE FROM prompts_created_by_backup_v1_0")) {
                        assertThat(text).as(id + " rollback deletes only the rows its move made").contains(" WHERE ");
                    }
                }
            }
        }
        assertThat(created).containsExactlyInAnyOrder("candidates", "user_candidate_assignments", "activity_logs",
                "resumes", "review_requests", "review_results", "resume_sections", "review_feedback_items",
                "prompts_created_by_backup_v1_0", "prompt_usage_history");
        assertThat(added).containsExactlyInAnyOrder("users.migration_v1_1_completed", "users.migration_v1_1_completed",
                "prompts.agent_type", "prompts.agent_type");
    }
}
