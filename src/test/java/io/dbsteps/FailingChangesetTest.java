package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A changeset that fails on its third statement, after a good changeset with data
 * ({@code reliability/failing-third.yaml}): statement 1 creates a table, statement 2 rewrites the rows of the good
 * changeset's table, statement 3 fails, statement 4 never runs.
 *
 * <p>What holds, on PostgreSQL and on SQLite alike: the database is exactly as it was before that changeset (its
 * schema snapshot and the checksums of every row, the tracking tables included, are unchanged), so the table of
 * statement 1 is gone and the rows of statement 2 are back; the good changeset stays applied; the failed one is not
 * recorded; and the error names the schema, the changeset and the database's message. Both hold it for the same
 * reason: dbsteps runs each changeset and its history row as one transaction, and both databases' DDL is
 * transactional (SQLite's CREATE TABLE rolls back with the rest). This is not true of a changeset with
 * {@code runInTransaction: false}, which the changelog conventions make idempotent instead.
 */
class FailingChangesetTest {
    private static final String CHANGELOG = "reliability/failing-third.yaml";

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void leavesTheDatabaseAsItWasBeforeTheChangesetAndSaysWhereAndWhy(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps steps = db.configure().changelog(CHANGELOG, "reliability").load();
            assertThat(steps.updateCount(1).steps()).extracting(Step::id).containsExactly("1-create-people");
            State before = State.of(db);
            assertThat(before.rows()).containsKeys("people", "reliability_log", "reliability_lock", "reliability_undo");
            assertThat(before.rows().get("people")).startsWith("3 rows");

            Throwable thrown = catchThrowable(steps::update);

            assertThat(thrown).isInstanceOf(DbStepsException.class);
            DbStepsException e = (DbStepsException) thrown;
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CHANGESET_FAILED);
            assertThat(e.getMessage())
                    .startsWith("Schema reliability: update failed at changeset "
                            + "reliability/failing-third.yaml::2-third-statement-fails::test: ")
                    .contains("no_such_table") // the database's own message, with the statement that failed
                    .contains(kind == TestDb.Kind.POSTGRESQL ? "relation \"no_such_table\" does not exist"
                            : "no such table: no_such_table")
                    .contains("Changesets before it stay applied; this one is not recorded")
                    .contains("Fix the cause and run the command again");

            State after = State.of(db);
            assertThat(before.schema().differencesTo(after.schema()))
                    .as("the schema is the one before the failed changeset: no table pets").isEmpty();
            assertThat(after.rows()).as("every row, the history included, is as before the failed changeset")
                    .isEqualTo(before.rows());
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM people WHERE name = 'overwritten'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("statement 2's rewrite is undone").isZero();
            }
            assertThat(steps.history().applied()).extracting(AppliedChange::id)
                    .as("the good changeset stays applied, the failed one is not recorded")
                    .containsExactly("1-create-people");
            assertThat(steps.status().pending()).extracting(PendingChange::id)
                    .containsExactly("2-third-statement-fails");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void onceItsCauseIsFixedTheNextUpdateAppliesIt(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps failing = db.configure().changelog(CHANGELOG, "reliability").load();
            catchThrowable(failing::update);
            DbSteps fixed = db.configure().changelog("reliability/failing-third-fixed.yaml", "reliability").load();
            assertThat(fixed.update().steps()).extracting(Step::id).containsExactly("2-third-statement-fails");
            assertThat(fixed.history().applied()).extracting(AppliedChange::id)
                    .containsExactly("1-create-people", "2-third-statement-fails");
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM pets), "
                         + "(SELECT COUNT(*) FROM people WHERE name = 'overwritten')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("pets").isEqualTo(2);
                assertThat(rs.getInt(2)).as("people rewritten").isEqualTo(3);
            }
        }
    }

    /** A database's schema and every row's checksum at one moment. */
    private record State(SchemaSnapshot schema, SortedMap<String, String> rows) {
        static State of(TestDb db) throws Exception {
            try (Connection c = db.connect()) {
                return new State(SchemaSnapshot.take(c, "none"), RowChecksums.of(c, "none"));
            }
        }
    }
}
