package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.harness.HandMigrationProof;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database brought to a schema's baseline without dbsteps, then migrated partly by running its source document's
 * own SQL by hand, is taken over: adopted at the baseline (refused, with the differences, once the hand changes have
 * started), updated, and left with no drift from head.
 */
class AdoptionConvergenceTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("trajectory", "1.0", TestDb.Kind.POSTGRESQL),
                Arguments.of("recruiting", "1.0", TestDb.Kind.POSTGRESQL),
                Arguments.of("educare", "1.0", TestDb.Kind.SQLITE),
                Arguments.of("educare", "1.0", TestDb.Kind.POSTGRESQL));
    }

    /** A database at the baseline, made by dbsteps and then stripped of everything dbsteps keeps. */
    private static DbSteps baselineWithoutHistory(TestDb db, String schema, String base) throws Exception {
        DbSteps steps = db.configure().schema(schema).load();
        steps.updateTo(base);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String table : List.of("log", "lock", "undo")) {
                st.execute("DROP TABLE dbsteps_" + schema + "_" + table);
            }
        }
        assertThat(steps.history().applied()).isEmpty();
        return steps;
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("cases")
    void adoptedAtTheBaselineThenMigratedPartlyByHandItConvergesToHeadWithNoDrift(String schema, String base,
            TestDb.Kind kind) throws Exception {
        List<String> document = new HandMigrationProof(Target.shipped(schema), base).statements(kind);
        for (int k : new int[] {1, document.size() / 2, document.size()}) {
            try (TestDb db = TestDb.create(kind)) {
                DbSteps steps = baselineWithoutHistory(db, schema, base);
                assertThat(steps.adopt(base).tag()).isEqualTo(base);
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    for (String sql : document.subList(0, k)) {
                        st.execute(sql);
                    }
                }
                steps.update();
                assertThat(steps.status().upToDate()).isTrue();
                assertThat(steps.checkDrift().differences())
                        .as("%s on %s after adoption, %d statements by hand and an update", schema, kind, k).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("cases")
    void adoptionRefusesADatabaseThatHandChangesMovedAwayFromTheBaseline(String schema, String base,
            TestDb.Kind kind) throws Exception {
        List<String> document = new HandMigrationProof(Target.shipped(schema), base).statements(kind);
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = baselineWithoutHistory(db, schema, base);
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String sql : document) {
                    st.execute(sql);
                }
            }
            assertThatThrownBy(() -> steps.adopt(base))
                    .isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("adoption at tag " + base + " refused, nothing was recorded")
                    .hasMessageContaining("update recognises what was done by hand")
                    .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.DRIFT));
            assertThat(steps.history().applied()).as("nothing was recorded").isEmpty();
        }
    }
}
