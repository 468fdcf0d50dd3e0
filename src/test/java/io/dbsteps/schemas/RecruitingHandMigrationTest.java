package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.Fixture;
import io.dbsteps.harness.FixtureLoader;
import io.dbsteps.harness.HandMigrationProof;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PostgreSQL database (the plan's home) on which the first k statements of the plan were run by hand
 * ({@code hand-migration/recruiting/postgresql.sql}) converges to exactly the schema of a clean update, for k cut
 * inside every phase and for the whole script; with data, the moves that were not yet done by hand are done by the
 * update, and nothing is moved twice.
 */
class RecruitingHandMigrationTest {
    private static final TestDb.Kind KIND = TestDb.Kind.POSTGRESQL;
    private static final HandMigrationProof PROOF = new HandMigrationProof(Target.shipped("recruiting"), "1.0");
    /** The clean head; its observer connection stays open while the snapshot is compared. */
    private static HandMigrationProof.CleanHead clean;

    @BeforeAll
    static void cleanHead() {
        clean = PROOF.cleanHead(KIND);
    }

    @AfterAll
    static void dropHead() throws Exception {
        clean.close();
    }

    /** k = the number of statements up to and including the first one that starts with the given text. */
    private static int through(String statementStart) {
        List<String> all = PROOF.statements(KIND);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith(statementStart)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no statement starts with " + statementStart);
    }

    @ParameterizedTest(name = "through \"{0}\"")
    @ValueSource(strings = {
        "CREATE TABLE user_candidate_assignments",          // phase 1, the new tables only
        "ALTER TABLE users DROP CONSTRAINT",                // phase 1, the old CHECK gone, the new one not yet there
        "UPDATE users SET role",                            // phase 1, roles mapped, no CHECK
        "INSERT INTO candidates",                           // phase 2, candidates moved but not assigned
        "CREATE TABLE review_results",                      // phase 3, tables created, nothing moved
        "ALTER TABLE prompts ADD COLUMN agent_type",        // phase 5, the column without its CHECK
        "CREATE TABLE prompts_created_by_backup_v1_0",      // phase 5, the backup created, not filled
        "CREATE INDEX idx_resumes_candidate",               // phase 6, four of ten indexes
        "ALTER TABLE file_uploads RENAME",                  // phase 6, one of four tables renamed
    })
    void aPartlyHandMigratedDatabaseConverges(String statementStart) {
        int k = through(statementStart);
        assertThat(k).isBetween(1, PROOF.statements(KIND).size() - 1);
        try (TestDb db = TestDb.create(KIND)) {
            PROOF.convergesAfter(k, db, clean.schema());
        }
    }

    @Test
    void aFullyHandMigratedDatabaseConverges() {
        try (TestDb db = TestDb.create(KIND)) {
            PROOF.convergesAfter(PROOF.statements(KIND).size(), db, clean.schema());
        }
    }

    /** With data: the hand-run moves and the changelog's moves together move every row exactly once. */
    @ParameterizedTest(name = "through \"{0}\"")
    @ValueSource(strings = {"INSERT INTO candidates", "ALTER TABLE prompt_history RENAME"})
    void withDataEveryRowIsMovedExactlyOnce(String statementStart) throws Exception {
        Fixture fixture = Fixture.read("recruiting", "1.0-plan-scale");
        try (TestDb db = TestDb.create(KIND); Connection c = db.connect()) {
            db.configure().schema("recruiting").load().updateTo("1.0");
            FixtureLoader.load(c, true, fixture);
            PROOF.convergesAfter(through(statementStart), db, clean.schema());
            assertThat(FixtureLoader.failedChecks(c, true, fixture)).isEmpty();
        }
    }
}
