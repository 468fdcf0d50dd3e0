package io.dbsteps.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixture data of every shipped schema survives an update to head and a rollback, on both databases. */
class DataSetProofTest {

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#onEveryDatabase")
    void fixtureDataSurvivesUpdateAndRollback(Target target, TestDb.Kind kind) {
        int proved = new DataSetProof(target).prove(() -> TestDb.create(kind));
        assertThat(proved).as("data sets proved for %s; add fixtures/%s/<tag>.yaml", target, target).isPositive();
    }
}
