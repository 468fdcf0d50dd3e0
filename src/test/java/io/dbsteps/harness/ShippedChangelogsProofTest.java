package io.dbsteps.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves every shipped schema on PostgreSQL and SQLite: per changeset, per tag, per data set, and across databases. */
class ShippedChangelogsProofTest {

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#onEveryDatabase")
    void everyChangesetRollsBackExactly(Target target, TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            new ChangelogProof(target).perChangeset(db);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#onEveryDatabase")
    void everyTagRollsBackExactly(Target target, TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            Map<String, SchemaSnapshot> tags = new ChangelogProof(target).perTag(db);
            assertThat(tags).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#onEveryDatabase")
    void fixtureDataSurvivesUpdateAndRollback(Target target, TestDb.Kind kind) {
        int proved = new ChangelogProof(target).perDataSet(() -> TestDb.create(kind));
        assertThat(proved).as("data sets proved for %s; add fixtures/%s/<tag>.yaml", target, target).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#targets")
    void everyTagHasTheSameShapeOnBothDatabases(Target target) {
        try (TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL); TestDb lite = TestDb.create(TestDb.Kind.SQLITE)) {
            new ChangelogProof(target).parity(pg, lite);
        }
    }
}
