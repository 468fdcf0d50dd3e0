package io.dbsteps.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tag of every shipped schema rolls back exactly, on PostgreSQL and SQLite, and the expected schemas shipped
 * for the drift check are the ones the tags produce.
 */
class PerTagProofTest {

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#onEveryDatabase")
    void everyTagRollsBackExactly(Target target, TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            assertThat(new ChangelogProof(target).perTag(db)).isNotEmpty();
        }
    }
}
