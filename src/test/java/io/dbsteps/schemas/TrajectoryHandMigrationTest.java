package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.Step;
import io.dbsteps.harness.Fixture;
import io.dbsteps.harness.FixtureLoader;
import io.dbsteps.harness.HandMigrationProof;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trajectory database on which someone already ran the first k statements of the migration guide's SQL by hand
 * (src/test/resources/hand-migration/trajectory/postgresql.sql) converges to exactly the 2.0 schema when dbsteps
 * updates it. PostgreSQL only: the guide is written for PostgreSQL, and SQLite cannot run six of its seventeen
 * statements (ALTER COLUMN ... TYPE, ADD CONSTRAINT, ADD COLUMN with a CURRENT_TIMESTAMP default) in any form.
 */
class TrajectoryHandMigrationTest {
    private static final Target TRAJECTORY = Target.shipped("trajectory");
    private static final HandMigrationProof PROOF = new HandMigrationProof(TRAJECTORY, "1.0");
    /** The clean head; its observer connection stays open while the snapshot is compared. */
    private static HandMigrationProof.CleanHead clean;

    @BeforeAll
    static void cleanHead() {
        clean = PROOF.cleanHead(TestDb.Kind.POSTGRESQL);
    }

    @AfterAll
    static void dropHead() throws Exception {
        clean.close();
    }

    @Test
    void theScriptHoldsTheGuidesSeventeenStatements() {
        List<String> statements = PROOF.statements(TestDb.Kind.POSTGRESQL);
        assertThat(statements).hasSize(17);
        assertThat(statements.get(0)).contains("CREATE TABLE alumni (");
        assertThat(statements.get(16)).endsWith("CREATE INDEX idx_recommendations_completed ON recommendations(completed);");
    }

    /**
     * Every prefix that ends in a new state: each table created, the students CHECKs on FLOAT and then re-parsed by
     * the type change, the rename, the wellbeing constraints before and after their type change, the trajectory
     * columns, chk_score, the recommendation columns, the copy, the rename of generated_at, and the whole script.
     */
    @ParameterizedTest(name = "first {0} statements by hand")
    @ValueSource(ints = {1, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
    void convergesAfterTheFirstStatementsByHand(int k) {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            PROOF.convergesAfter(k, db, clean.schema());
        }
    }

    @Test
    void theWholeScriptByHandWithDataConvergesWithTheDataMigrated() throws Exception {
        Fixture fixture = Fixture.read("trajectory", "1.0");
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection c = db.connect();
             Statement st = c.createStatement()) {
            DbSteps steps = db.configure().schema("trajectory").load();
            steps.updateTo("1.0");
            FixtureLoader.load(c, true, fixture);
            for (String sql : PROOF.statements(TestDb.Kind.POSTGRESQL)) {
                st.execute(sql);
            }

            List<Step> done = steps.update().steps();

            assertThat(FixtureLoader.failedChecks(c, true, fixture)).isEmpty();
            // what the guide did by hand is recognised; what it left undone (mapping confidence_level, retiring the
            // old columns, CHECKs re-parsed as double precision) is done
            assertThat(done).filteredOn(s -> s.outcome() == Step.Outcome.MARKED_RAN).extracting(Step::id)
                    .contains("2.0-02-create-alumni", "2.0-05-create-skills", "2.0-08-students-updated-at",
                            "2.0-11-rename-digital-wellbeing", "2.0-12-wellbeing-unique-student-date",
                            "2.0-15-trajectory-scores-score-numeric", "2.0-18-recommendations-created-at",
                            "2.0-21-index-recommendations-completed");
            assertThat(done).filteredOn(s -> s.outcome() == Step.Outcome.EXECUTED).extracting(Step::id)
                    .contains("2.0-09-students-numeric-and-checks", "2.0-13-wellbeing-numeric-and-checks",
                            "2.0-16-trajectory-scores-confidence", "2.0-19-recommendations-reshape");
        }
    }
}
