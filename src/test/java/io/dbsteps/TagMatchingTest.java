package io.dbsteps;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tags are matched as Liquibase 4.33.0 matches them: a tag not yet applied only exactly (Liquibase's updateToTag,
 * finding no exact match, would apply the whole changelog), an applied tag ignoring case. What Liquibase would not
 * find is refused before anything runs, with a suggestion when only the case differs; a release only goes forward.
 */
class TagMatchingTest {
    private static DbSteps load(TestDb db) {
        return db.configure().changelog("guard/changelog.yaml", "guard").load();
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aPendingTagInTheWrongCaseIsRefusedWithASuggestionAndAppliesNothing(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = load(db);
            refused(() -> steps.updateTo("V1-ALPHA"), ErrorCode.UNKNOWN_TAG, "Did you mean 'v1-alpha'?");
            assertThat(steps.history().applied()).as("nothing ran on the empty database").isEmpty();

            steps.updateTo("v1-alpha");
            refused(() -> steps.updateTo("v2-beta"), ErrorCode.UNKNOWN_TAG, "Did you mean 'v2-Beta'?");
            AtomicInteger checks = new AtomicInteger();
            refused(() -> steps.release("V2-BETA", () -> checks.incrementAndGet() > 0, Duration.ofSeconds(5)),
                    ErrorCode.UNKNOWN_TAG, "Did you mean 'v2-Beta'?");
            refused(() -> steps.updateTo("v9"), ErrorCode.UNKNOWN_TAG, "Its release tags are [v1-alpha, v2-Beta, "
                    + "v3-gamma]");
            assertThat(checks).hasValue(0);
            StatusResult status = steps.status();
            assertThat(status.currentTag()).isEqualTo("v1-alpha");
            assertThat(status.pending()).hasSize(5);
            assertThat(status.unverified()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anAppliedTagIsFoundIgnoringCaseAsLiquibaseFindsIt(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = load(db);
            steps.update();
            RollbackResult r = steps.rollbackTo("V1-ALPHA");
            assertThat(r.toTag()).isEqualTo("v1-alpha");
            assertThat(steps.history().applied()).hasSize(2);
            assertThat(steps.updateTo("v2-Beta").toTag()).isEqualTo("v2-Beta");
            assertThat(steps.updateTo("V2-BETA").steps()).as("already applied, found ignoring case").isEmpty();
            refused(() -> steps.rollbackTo("v3-Gamma"), ErrorCode.UNKNOWN_TAG, "Did you mean 'v3-gamma'");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleaseToAnOlderTagIsRefusedNamingRollbackAndOneToTheCurrentTagHasNothingToDo(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = load(db);
            steps.update();
            AtomicInteger checks = new AtomicInteger();
            refused(() -> steps.release("v1-alpha", () -> checks.incrementAndGet() > 0, Duration.ofSeconds(5)),
                    ErrorCode.INVALID_ARGUMENT, "run rollback --to v1-alpha");
            assertThat(steps.history().currentTag()).isEqualTo("v3-gamma");
            assertThat(steps.history().applied()).hasSize(7);

            ReleaseResult again = steps.release("v3-gamma", () -> checks.incrementAndGet() > 0, Duration.ofSeconds(5));
            assertThat(again.outcome()).isEqualTo(ReleaseResult.Outcome.NOTHING_TO_DO);
            assertThat(again.update()).isNull();
            assertThat(again.rollback()).isNull();
            assertThat(checks).as("no check ran: nothing was released").hasValue(0);
            assertThat(steps.history().currentTag()).isEqualTo("v3-gamma");
        }
    }
}
