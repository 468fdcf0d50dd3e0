package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An update after a rollback, in the same JVM, applies what the rollback undid. Liquibase caches a database it found up
 * to date for the whole JVM; dbsteps' rollbacks do not go through Liquibase's history service, so that cache must not
 * decide an update.
 */
class UpdateAfterRollbackTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void anUpdateAfterARollbackOfEverythingAppliesEverythingAgain(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().changelog("broken/good/changelog.yaml", "after_rollback").load();
            assertThat(steps.updateTo("1").steps()).hasSize(3);
            assertThat(steps.update().steps()).isEmpty(); // Liquibase now holds "up to date" for this database
            assertThat(steps.rollbackCount(3, DataPolicy.DISCARD).steps()).hasSize(3);

            assertThat(steps.update().steps()).extracting(Step::id).containsExactly("1-create-items", "2-add-note", "tag");
            assertThat(steps.status().upToDate()).isTrue();
        }
    }
}
