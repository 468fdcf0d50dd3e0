package io.dbsteps.internal.undo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.PendingChange;
import io.dbsteps.RollbackPlan;
import io.dbsteps.RollbackResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A table rebuild is not a drop: only the columns its copy leaves out lose data. */
class TableRebuildsTest {
    private static final Function<String, List<String>> PROMPTS = t -> t.equals("prompts")
            ? List.of("id", "name", "description", "content", "is_active", "created_at", "updated_at") : null;

    /** The SQLite rollback of recruiting 1.1-phase5-03, as Liquibase splits it: a rebuild that adds created_by. */
    private static final List<String> RECRUITING_PROMPTS_ROLLBACK = List.of(
            "CREATE TABLE prompts_v1_0 (id TEXT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, description TEXT, "
                    + "content TEXT NOT NULL, is_active BOOLEAN DEFAULT true, created_at TEXT DEFAULT CURRENT_TIMESTAMP, "
                    + "updated_at TEXT DEFAULT CURRENT_TIMESTAMP, created_by TEXT REFERENCES users(id))",
            "INSERT INTO prompts_v1_0 (id, name, description, content, is_active, created_at, updated_at, created_by)\n"
                    + "SELECT p.id, p.name, p.description, p.content, p.is_active, p.created_at, p.updated_at,\n"
                    + "  (SELECT b.created_by FROM prompts_created_by_backup_v1_0 b JOIN users u ON u.id = b.created_by\n"
                    + "   WHERE b.prompt_id = p.id)\nFROM prompts p",
            "DROP TABLE prompts",
            "ALTER TABLE prompts_v1_0 RENAME TO prompts");

    @Test
    void theRecruitingPromptsRebuildRemovesNothing() {
        assertThat(TableRebuilds.lostColumns(RECRUITING_PROMPTS_ROLLBACK, 2, "prompts", PROMPTS))
                .contains(List.of());
    }

    @Test
    void aRebuildThatLeavesAColumnOutRemovesThatColumnOnly() {
        List<String> sql = List.of("CREATE TABLE \"dbsteps_new_prompts\" (id TEXT, name TEXT)",
                "INSERT INTO \"dbsteps_new_prompts\" (\"id\", \"name\") SELECT \"id\", \"name\" FROM \"prompts\"",
                "DROP TABLE \"prompts\"", "ALTER TABLE \"dbsteps_new_prompts\" RENAME TO \"prompts\"");
        assertThat(TableRebuilds.lostColumns(sql, 2, "prompts", PROMPTS)).contains(
                List.of("description", "content", "is_active", "created_at", "updated_at"));
    }

    @Test
    void aCopyOfSomeRowsOrIntoATableDroppedLaterOrOfUnknownColumnsIsADrop() {
        List<String> filtered = List.of("INSERT INTO t2 SELECT * FROM prompts WHERE is_active", "DROP TABLE prompts");
        assertThat(TableRebuilds.lostColumns(filtered, 1, "prompts", PROMPTS)).isEmpty();
        List<String> joined = List.of("INSERT INTO t2 SELECT p.* FROM prompts p JOIN users u ON u.id = p.id",
                "DROP TABLE prompts");
        assertThat(TableRebuilds.lostColumns(joined, 1, "prompts", PROMPTS)).isEmpty();
        List<String> droppedToo = List.of("INSERT INTO t2 SELECT * FROM prompts", "DROP TABLE prompts", "DROP TABLE t2");
        assertThat(TableRebuilds.lostColumns(droppedToo, 1, "prompts", PROMPTS)).isEmpty();
        List<String> noCopy = List.of("DROP TABLE prompts");
        assertThat(TableRebuilds.lostColumns(noCopy, 0, "prompts", PROMPTS)).isEmpty();
        List<String> unknown = List.of("INSERT INTO t2 (id) SELECT id FROM prompts", "DROP TABLE prompts");
        assertThat(TableRebuilds.lostColumns(unknown, 1, "prompts", t -> null)).isEmpty();
        List<String> everything = List.of("INSERT INTO t2 SELECT * FROM prompts", "DROP TABLE prompts");
        assertThat(TableRebuilds.lostColumns(everything, 1, "prompts", t -> null)).isEqualTo(Optional.of(List.of()));
    }

    @Test
    void theRecruitingRollbackPlanDoesNotListPromptsAsDropped() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps steps = db.configure().schema("recruiting").load();
            List<PendingChange> pending = steps.status().pending();
            int upTo = 0;
            while (!pending.get(upTo).id().equals("1.1-phase5-03-drop-prompts-created-by")) {
                upTo++;
            }
            steps.updateCount(upTo + 1);
            st.execute("INSERT INTO prompts (id, name, content) VALUES ('p1', 'one', 'text')");
            RollbackPlan plan = steps.planRollbackCount(1);
            assertThat(plan.steps()).hasSize(1);
            assertThat(plan.drops()).as("what the rollback of the prompts rebuild drops")
                    .noneMatch(d -> d.table().equalsIgnoreCase("prompts"));
            RollbackResult result = steps.rollbackCount(1);
            assertThat(result.toString()).doesNotContain("dbsteps_archive_prompts");
            try (var rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'dbsteps_archive_%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("archive tables").isZero();
            }
            try (var rs = st.executeQuery("SELECT name FROM prompts WHERE id = 'p1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("one");
            }
        }
    }
}
