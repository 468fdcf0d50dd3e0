package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rollback whose change generates no SQL (Liquibase's {@code output}, here reached through a rollback that refers to
 * another changeset, as Liquibase's own rollback test changelog does) is planned and run, not failed with a
 * NullPointerException.
 */
class OutputRollbackTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void aRollbackThatOnlyPrintsIsPlannedAndRun(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().changelog("rollback-output/changelog.xml", "output_rollback").load();
            steps.update();
            assertThat(steps.planRollbackCount(2).steps()).hasSize(2);
            assertThat(steps.rollbackCount(2).steps()).extracting(Step::id).containsExactly("3-undo-by-saying", "2-say");
            assertThat(steps.history().applied()).extracting(AppliedChange::id).containsExactly("1-create");
        }
    }
}
