package io.dbsteps.harness;

import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** At every tag of every shipped schema, PostgreSQL and SQLite have the same tables, columns and foreign keys. */
class ParityProofTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#targets")
    void everyTagHasTheSameShapeOnBothDatabases(Target target) {
        try (TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL); TestDb lite = TestDb.create(TestDb.Kind.SQLITE)) {
            new ChangelogProof(target).parity(pg, lite);
        }
    }
}
