package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.HandMigrationProof;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PostgreSQL database migrated partly by hand with the playbook's own statements
 * ({@code hand-migration/aarlp/postgresql.sql}) converges to the head of the changelog. The k chosen stop after
 * each pattern and inside every pattern of more than one statement, including every state of the enum type swap.
 * The playbook's SQL is PostgreSQL's only (enum types, ALTER COLUMN ... SET NOT NULL, jsonb, CONCURRENTLY), so
 * there is no SQLite version of it.
 */
class AarlpHandMigrationTest {
    private static final Target AARLP = Target.shipped("aarlp");
    private static final HandMigrationProof PROOF = new HandMigrationProof(AARLP, "1.0");
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
    void theScriptHasThePlaybooksTwentyFourStatements() {
        assertThat(PROOF.statements(TestDb.Kind.POSTGRESQL)).hasSize(24)
                .first().isEqualTo("ALTER TABLE jobs ADD COLUMN salary_range VARCHAR;");
    }

    @ParameterizedTest(name = "first {0} statements by hand")
    @ValueSource(ints = {0, 2, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 21, 23, 24})
    void convergesAfterStatementsByHand(int k) {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            PROOF.convergesAfter(k, db, clean.schema());
        }
    }
}
