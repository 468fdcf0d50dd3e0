package io.dbsteps.harness;

import io.dbsteps.proof.ProofKind;
import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every changeset of every shipped schema rolls back exactly, on PostgreSQL and SQLite: the proof kit's proof. */
class PerChangesetProofTest {

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#onEveryDatabase")
    void everyChangesetRollsBackExactly(Target target, TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            target.proof(db).only(ProofKind.PER_CHANGESET).verify();
        }
    }
}
