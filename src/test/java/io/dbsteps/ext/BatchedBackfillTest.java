package io.dbsteps.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.Step;
import io.dbsteps.UpdateResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link BatchedBackfill}, {@link UndoBackfill} and {@link BackfillNotFinished} on both databases, through a small
 * changelog ({@code aarlp/backfill/changelog.yaml}): 2,345 rows with gaps in their keys, batches of 500 keys.
 * Row i has id 3i; every 10th row is of kind 'skip', every 13th has no old_v, every 17th already has a new_v.
 */
class BatchedBackfillTest {
    private static final int ROWS = 2345;
    private static final int BATCH = 500;
    /** Row 1201 (id 3603) lies in the third batch and is one the backfill fills. */
    private static final int FAILING_ID = 3603;

    private static boolean skipped(int i) {
        return i % 10 == 0;
    }

    private static boolean preFilled(int i) {
        return i % 17 == 0;
    }

    private static boolean fills(int i) {
        return !skipped(i) && !preFilled(i);
    }

    private static int filledRows() {
        int n = 0;
        for (int i = 1; i <= ROWS; i++) {
            n += fills(i) ? 1 : 0;
        }
        return n;
    }

    /** The filled rows whose new value is not NULL: those the undo sets back to NULL. */
    private static int restoredRows() {
        int n = 0;
        for (int i = 1; i <= ROWS; i++) {
            n += fills(i) && i % 13 != 0 ? 1 : 0;
        }
        return n;
    }

    private static DbSteps steps(TestDb db) {
        return db.configure().changelog("aarlp/backfill/changelog.yaml", "backfill_test").load();
    }

    /** The items table, created by the first changeset and filled with the rows described above. */
    private static void createItems(DbSteps steps, Connection c) throws SQLException {
        steps.updateCount(1);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, kind, old_v, new_v) VALUES (?, ?, ?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                ps.setInt(1, 3 * i);
                ps.setString(2, skipped(i) ? "skip" : "fill");
                ps.setString(3, i % 13 == 0 ? null : "v" + i);
                ps.setString(4, preFilled(i) ? "pre" + i : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, kind, old_v, new_v FROM items ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static Map<String, Object> progress(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT state, rows_total, rows_done, batches, last_key FROM dbsteps_backfill"
                     + " WHERE name = 'items.new_v'")) {
            assertThat(rs.next()).as("progress row of items.new_v").isTrue();
            Map<String, Object> m = new HashMap<>();
            m.put("state", rs.getString(1));
            m.put("total", rs.getLong(2));
            m.put("done", rs.getLong(3));
            m.put("batches", rs.getLong(4));
            m.put("last", rs.getString(5));
            return m;
        }
    }

    private static void assertFilled(Connection c) throws SQLException {
        List<String> rows = rows(c);
        assertThat(rows).hasSize(ROWS);
        for (int i = 1; i <= ROWS; i++) {
            String old = i % 13 == 0 ? null : "v" + i;
            String expected = preFilled(i) ? "pre" + i : skipped(i) ? null : old == null ? null : old + "!";
            assertThat(rows.get(i - 1)).isEqualTo(3 * i + "|" + (skipped(i) ? "skip" : "fill") + "|" + old + "|" + expected);
        }
    }

    private static void assertProgressTablesGone(Connection c) throws SQLException {
        assertThat(BackfillProgress.tableExists(c, "dbsteps_backfill")).isFalse();
        assertThat(BackfillProgress.tableExists(c, "dbsteps_backfill_kept")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void fillsInBatchesAndItsUndoRestoresEveryRowExactly(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = steps(db);
            createItems(steps, c);
            List<String> before = rows(c);

            UpdateResult up = steps.update();

            assertFilled(c);
            assertThat(progress(c)).containsEntry("state", "done").containsEntry("total", (long) filledRows())
                    .containsEntry("done", (long) filledRows()).containsEntry("batches", 5L)
                    .containsEntry("last", Integer.toString(3 * ROWS));
            // the rows inside the processed range that the backfill left alone: skipped or already filled
            assertThat(count(c, "SELECT COUNT(*) FROM dbsteps_backfill_kept")).isEqualTo(ROWS - filledRows());
            assertThat(up.steps()).singleElement().satisfies(s -> assertThat(s.notes()).singleElement().asString()
                    .startsWith("Backfill items.new_v filled " + String.format("%,d", filledRows())
                            + " rows in 5 batches of up to 500 keys"));

            var down = steps.rollbackCount(1);

            assertThat(rows(c)).isEqualTo(before);
            assertProgressTablesGone(c);
            assertThat(down.steps()).singleElement().satisfies(s -> assertThat(s.notes()).singleElement().asString()
                    .isEqualTo("Undo of backfill items.new_v set " + String.format("%,d", restoredRows())
                            + " rows of items.new_v back to NULL in 5 batches"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aRunThatFailsInItsThirdBatchContinuesAfterTheSecondWithoutRedoingOrSkippingABatch(TestDb.Kind kind)
            throws Exception {
        boolean pg = kind == TestDb.Kind.POSTGRESQL;
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = steps(db);
            createItems(steps, c);
            List<String> before = rows(c);
            execute(c, "CREATE TABLE audit (id INTEGER NOT NULL)");
            if (pg) {
                execute(c, "CREATE FUNCTION refuse_item() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'item % refuses',"
                                + " NEW.id; END $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER items_refuse BEFORE UPDATE ON items FOR EACH ROW WHEN (NEW.id = " + FAILING_ID
                                + ") EXECUTE FUNCTION refuse_item()",
                        "CREATE FUNCTION audit_item() RETURNS trigger AS $$ BEGIN INSERT INTO audit VALUES (NEW.id);"
                                + " RETURN NEW; END $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER items_audit AFTER UPDATE ON items FOR EACH ROW EXECUTE FUNCTION audit_item()");
            } else {
                execute(c, "CREATE TRIGGER items_refuse BEFORE UPDATE ON items WHEN NEW.id = " + FAILING_ID
                                + " BEGIN SELECT RAISE(ABORT, 'item " + FAILING_ID + " refuses'); END",
                        "CREATE TRIGGER items_audit AFTER UPDATE ON items BEGIN INSERT INTO audit VALUES (NEW.id); END");
            }

            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("Backfill items.new_v stopped in batch 3 of this run")
                    .hasMessageContaining("item " + FAILING_ID + " refuses")
                    .hasMessageContaining("run the update again to continue where it stopped");
            // batches 1 and 2 are committed with their progress; batch 3 left nothing behind
            int filledBefore = 0;
            for (int i = 1; i <= 2 * BATCH; i++) {
                filledBefore += fills(i) ? 1 : 0;
            }
            final int firstTwo = filledBefore;
            assertThat(progress(c)).containsEntry("state", "running").containsEntry("batches", 2L)
                    .containsEntry("done", (long) firstTwo).containsEntry("last", Integer.toString(3 * 2 * BATCH));
            assertThat(count(c, "SELECT COUNT(*) FROM audit")).isEqualTo(firstTwo);
            assertThat(count(c, "SELECT MAX(id) FROM audit")).isLessThanOrEqualTo(3 * 2 * BATCH);
            assertThat(steps.status().pending()).singleElement()
                    .satisfies(p -> assertThat(p.id()).isEqualTo("2-backfill-new-v"));

            execute(c, "DROP TRIGGER items_refuse" + (pg ? " ON items" : ""));
            UpdateResult resumed = steps.update();

            assertFilled(c);
            assertThat(progress(c)).containsEntry("state", "done").containsEntry("batches", 5L)
                    .containsEntry("done", (long) filledRows());
            // every filled row was updated exactly once over both runs
            assertThat(count(c, "SELECT COUNT(*) FROM audit")).isEqualTo(filledRows());
            assertThat(count(c, "SELECT COUNT(DISTINCT id) FROM audit")).isEqualTo(filledRows());
            assertThat(resumed.steps()).singleElement().satisfies(s -> assertThat(s.notes()).singleElement().asString()
                    .contains("filled " + String.format("%,d", filledRows()) + " rows in 5 batches")
                    .contains("this run: " + String.format("%,d", filledRows() - firstTwo) + " rows"));

            steps.rollbackCount(1);
            execute(c, "DELETE FROM audit");
            assertThat(rows(c)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anUndoThatFailsMidwayContinuesWhenTheRollbackRunsAgain(TestDb.Kind kind) throws Exception {
        boolean pg = kind == TestDb.Kind.POSTGRESQL;
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = steps(db);
            createItems(steps, c);
            List<String> before = rows(c);
            steps.update();
            if (pg) {
                execute(c, "CREATE FUNCTION refuse_item() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'item % refuses',"
                                + " NEW.id; END $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER items_refuse BEFORE UPDATE ON items FOR EACH ROW WHEN (NEW.id = " + FAILING_ID
                                + ") EXECUTE FUNCTION refuse_item()");
            } else {
                execute(c, "CREATE TRIGGER items_refuse BEFORE UPDATE ON items WHEN NEW.id = " + FAILING_ID
                        + " BEGIN SELECT RAISE(ABORT, 'item " + FAILING_ID + " refuses'); END");
            }

            assertThatThrownBy(() -> steps.rollbackCount(1)).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("Undo of backfill items.new_v stopped in batch 3 of this run")
                    .hasMessageContaining("item " + FAILING_ID + " refuses")
                    .hasMessageContaining("run the rollback again to continue where it stopped");
            assertThat(progress(c)).containsEntry("state", "undoing");
            assertThat(count(c, "SELECT COUNT(*) FROM items WHERE id <= " + 3 * 2 * BATCH + " AND new_v LIKE '%!'"))
                    .as("the first two batches are undone").isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM items WHERE id > " + 3 * 2 * BATCH + " AND new_v LIKE '%!'"))
                    .as("the rest is not").isPositive();
            assertThat(steps.status().pending()).as("the changeset stays applied until its undo completes").isEmpty();
            assertThatThrownBy(() -> runDirectly(c, backfill(), new ArrayList<>()))
                    .as("a backfill being undone does not fill again").isInstanceOf(CustomChangeException.class)
                    .hasMessageContaining("Backfill items.new_v is being undone");

            execute(c, "DROP TRIGGER items_refuse" + (pg ? " ON items" : ""));
            steps.rollbackCount(1);

            assertThat(rows(c)).isEqualTo(before);
            assertProgressTablesGone(c);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aBackfillThatFinishedButWasNotRecordedIsMarkedRanAndStillUndoes(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = steps(db);
            createItems(steps, c);
            List<String> before = rows(c);
            // the backfill runs to the end, but the process dies before Liquibase records the changeset
            runDirectly(c, backfill(), new ArrayList<>());

            UpdateResult up = steps.update();

            assertThat(up.steps()).singleElement().satisfies(s -> assertThat(s.outcome()).isEqualTo(Step.Outcome.MARKED_RAN));
            assertFilled(c);
            steps.rollbackCount(1);
            assertThat(rows(c)).isEqualTo(before);
            assertProgressTablesGone(c);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void progressGoesToLiquibasesLoggerWithRowsDoneTotalAndRate(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            createItems(steps(db), c);
            List<String> log = new ArrayList<>();

            runDirectly(c, backfill(), log);

            String total = String.format("%,d", filledRows());
            assertThat(log).contains("INFO Backfill items.new_v: " + total + " rows to fill in batches of 500 keys");
            assertThat(log).anySatisfy(line -> assertThat(line).matches("INFO Backfill items\\.new_v: [0-9,]+ of " + total
                    + " rows \\([0-9]+%\\), [0-9,]+ rows/s, batch 1 took [0-9]+ ms"));
            assertThat(log.get(log.size() - 1)).startsWith("INFO Backfill items.new_v filled " + total + " rows in 5 batches");

            log.clear();
            UndoBackfill undo = new UndoBackfill();
            undo.setTable("items");
            undo.setColumn("new_v");
            undo.setBatchSize("1000");
            runDirectly(c, undo, log);
            assertThat(log).anySatisfy(line -> assertThat(line).startsWith("INFO Undo of backfill items.new_v: " + total
                    + " rows to set back to NULL"));
            assertThat(log.get(log.size() - 1)).isEqualTo("INFO Undo of backfill items.new_v set "
                    + String.format("%,d", restoredRows())
                    + " rows of items.new_v back to NULL in 3 batches");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theBatchSizeCanBeChangedAfterTheBackfillIsAppliedWithoutAChecksumMismatch(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = steps(db);
            createItems(steps, c);
            List<String> before = rows(c);
            steps.update();

            DbSteps retuned = db.configure().changelog("aarlp/backfill/changelog.yaml", "backfill_test")
                    .parameter("batch", "100").load();

            assertThat(retuned.validate().applied()).isEqualTo(2);
            var down = retuned.rollbackCount(1);
            assertThat(down.steps()).singleElement().satisfies(s -> assertThat(s.notes()).singleElement().asString()
                    .endsWith("back to NULL in 24 batches"));
            assertThat(rows(c)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void refusesToRunInsideTheChangesetsTransaction(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            createItems(steps(db), c);
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            database.setAutoCommit(false);

            assertThatThrownBy(() -> backfill().execute(database)).isInstanceOf(CustomChangeException.class)
                    .hasMessageContaining("its changeset must declare runInTransaction: false");
            assertThat(count(c, "SELECT COUNT(*) FROM items WHERE new_v LIKE '%!'")).isZero();
        }
    }

    private static BatchedBackfill backfill() {
        BatchedBackfill b = new BatchedBackfill();
        b.setTable("items");
        b.setKey("id");
        b.setColumn("new_v");
        b.setValue("old_v || '!'");
        b.setWhere("kind <> 'skip'");
        b.setBatchSize(Integer.toString(BATCH));
        return b;
    }

    /** Runs a change as Liquibase would in a runInTransaction: false changeset, logging into {@code log}. */
    private static void runDirectly(Connection c, liquibase.change.custom.CustomTaskChange change, List<String> log)
            throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        database.setAutoCommit(true);
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.logService.name(), new ListLogService(log));
        Scope.child(scope, () -> change.execute(database));
    }

    /** Liquibase log lines as "LEVEL message". */
    private static final class ListLogService extends AbstractLogService {
        private final List<String> lines;

        ListLogService(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public int getPriority() {
            return PRIORITY_SPECIALIZED;
        }

        @Override
        @SuppressWarnings({"rawtypes", "try"})
        public Logger getLog(Class clazz) {
            return new AbstractLogger() {
                @Override
                public void log(Level level, String message, Throwable e) {
                    if (clazz.getPackageName().equals("io.dbsteps.ext")) {
                        lines.add(level.getName() + " " + message);
                    }
                }
            };
        }
    }
}
