package io.dbsteps.harness;

import io.dbsteps.proof.ProofKind;
import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * At every tag of every shipped schema, PostgreSQL and SQLite have the same tables, columns and foreign keys: the
 * proof kit's parity proof.
 */
class ParityProofTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#targets")
    void everyTagHasTheSameShapeOnBothDatabases(Target target) {
        try (TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL); TestDb lite = TestDb.create(TestDb.Kind.SQLITE)) {
            target.proof(pg, lite).only(ProofKind.PARITY).verify();
        }
    }
}
