package io.dbsteps.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real public changelogs, run through dbsteps and through plain Liquibase 4.33.0 side by side, each in a database of its
 * own: after the update, after each rollback by count and after updating again, the two databases have the same schema
 * (dbsteps' snapshot, which sees CHECK and unique constraints and SQLite's declared types) and the same tracking rows.
 * Where a rollback covers a changeset without one, dbsteps refuses it before anything runs and changes nothing, as
 * plain Liquibase does; where a changelog fails on a database, both stop at the same changeset with the same history.
 */
class DifferentialCorpusTest {

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.corpus.Corpus#onTheirDatabases")
    void dbstepsGivesTheSameSchemaHistoryAndRollbacksAsPlainLiquibase(Corpus corpus, TestDb.Kind kind) throws Exception {
        try (TestDb viaDbsteps = TestDb.create(kind); TestDb viaLiquibase = TestDb.create(kind)) {
            DbSteps dbsteps = viaDbsteps.configure().changelog(corpus.changelog(), corpus.prefix()).load();
            PlainLiquibase plain = new PlainLiquibase(viaLiquibase, corpus.changelog());
            Side ours = new Side(viaDbsteps, corpus.prefix() + "_log", corpus.prefix() + "_(log|lock|undo)");
            Side theirs = new Side(viaLiquibase, PlainLiquibase.LOG_TABLE, "databasechangelog(lock)?");

            dbsteps.update();
            plain.update();
            assertThat(ours.rows()).as("the update applied changesets").isNotEmpty();
            same(ours, theirs, "after update");

            for (Corpus.Rollback rollback : corpus.rollbacks()) {
                if (!rollback.refused()) {
                    dbsteps.rollbackCount(rollback.count());
                    plain.rollbackCount(rollback.count());
                    same(ours, theirs, "after " + rollback);
                    continue;
                }
                SchemaSnapshot schemaBefore = ours.schema();
                List<String> rowsBefore = ours.rows();
                assertThatThrownBy(() -> dbsteps.rollbackCount(rollback.count()))
                        .isInstanceOf(DbStepsException.class)
                        .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.ROLLBACK_IMPOSSIBLE));
                assertThat(ours.schema().differencesTo(schemaBefore)).as("dbsteps changed nothing").isEmpty();
                assertThat(ours.rows()).as("dbsteps changed nothing").isEqualTo(rowsBefore);
                assertThatThrownBy(() -> plain.rollbackCount(rollback.count())).as("plain Liquibase fails too");
                same(ours, theirs, "after the refused " + rollback);
            }

            dbsteps.update();
            plain.update();
            same(ours, theirs, "after updating again");
        }
    }

    @Test
    void whereTheChangelogFailsBothStopAtTheSameChangesetWithTheSameHistory() throws Exception {
        // Liquibase's rollback test changelog creates multiRollback3 quoted on PostgreSQL (mixed case), and its raw SQL
        // "insert into multiRollback3" then finds no table multirollback3: it cannot run there, in plain Liquibase or
        // in dbsteps.
        Corpus corpus = Corpus.ALL.get(0);
        try (TestDb viaDbsteps = TestDb.create(TestDb.Kind.POSTGRESQL);
             TestDb viaLiquibase = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            DbSteps dbsteps = viaDbsteps.configure().changelog(corpus.changelog(), corpus.prefix()).load();
            PlainLiquibase plain = new PlainLiquibase(viaLiquibase, corpus.changelog());
            Side ours = new Side(viaDbsteps, corpus.prefix() + "_log", corpus.prefix() + "_(log|lock|undo)");
            Side theirs = new Side(viaLiquibase, PlainLiquibase.LOG_TABLE, "databasechangelog(lock)?");

            assertThatThrownBy(dbsteps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("noRollback").hasMessageContaining("multirollback3");
            assertThatThrownBy(plain::update).hasStackTraceContaining("noRollback");
            assertThat(ours.rows()).hasSize(4);
            same(ours, theirs, "after the failed update");
        }
    }

    private static void same(Side ours, Side theirs, String when) throws Exception {
        assertThat(theirs.schema().differencesTo(ours.schema()))
                .as("%s, the schema dbsteps made differs from plain Liquibase's (missing: only in plain Liquibase's)", when)
                .isEmpty();
        assertThat(ours.rows()).as("%s, dbsteps' tracking rows", when).isEqualTo(theirs.rows());
    }

    /** One of the two databases, with the name of its tracking table and a pattern for its own tables. */
    private record Side(TestDb db, String logTable, String ownTables) {
        SchemaSnapshot schema() throws Exception {
            try (Connection c = db.connect()) {
                return SchemaSnapshot.of(c).withoutTables(ownTables);
            }
        }

        List<String> rows() throws Exception {
            try (Connection c = db.connect()) {
                return TrackingRows.of(c, logTable);
            }
        }
    }
}
