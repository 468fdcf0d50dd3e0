package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A changelog is parsed once per JVM, but Liquibase's changesets remember the outcome of their last run. Nothing of
 * one command's run may show in the next: a changeset marked ran on one database is executed, and recorded as
 * executed, on the next.
 */
class ParseCacheTest {

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aChangesetMarkedRanOnOneDatabaseIsExecutedAndRecordedAsExecutedOnTheNext(TestDb.Kind kind) throws Exception {
        try (TestDb byHand = TestDb.create(kind); Connection c = byHand.connect();
             TestDb fresh = TestDb.create(kind)) {
            // a users table of exactly the shape codorch creates, made without dbsteps' history: it is adopted
            byHand.configure().schema("codorch").load().updateCount(1);
            try (Statement st = c.createStatement()) {
                for (String table : new String[] {"dbsteps_codorch_log", "dbsteps_codorch_lock", "dbsteps_codorch_undo"}) {
                    st.execute("DROP TABLE IF EXISTS " + table);
                }
            }
            Step first = byHand.configure().schema("codorch").load().updateCount(1).steps().get(0);
            assertThat(first.outcome()).as("users existed, so the precondition marked it ran")
                    .isEqualTo(Step.Outcome.MARKED_RAN);

            DbSteps steps = fresh.configure().schema("codorch").load();
            assertThat(steps.updateCount(1).steps().get(0).outcome()).isEqualTo(Step.Outcome.EXECUTED);
            assertThat(steps.history().applied().get(0).outcome()).isEqualTo("EXECUTED");
        }
    }
}
