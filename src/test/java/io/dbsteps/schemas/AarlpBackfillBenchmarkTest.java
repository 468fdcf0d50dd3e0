package io.dbsteps.schemas;

import static io.dbsteps.schemas.AarlpSql.column;
import static io.dbsteps.schemas.AarlpSql.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.RollbackResult;
import io.dbsteps.Step;
import io.dbsteps.UpdateResult;
import io.dbsteps.testing.TestDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Release 1.11's batched backfill of jobs.new_field on a large jobs table on PostgreSQL, then its undo. The number
 * of jobs is {@code -Ddbsteps.backfill.rows} (default 50,000, for CI; the figures in BENCHMARKS.md are from
 * 1,000,000), the batch size {@code -Ddbsteps.backfill.batch} (default: the changelog's, 5,000). The table is
 * vacuumed and analysed after loading, as autovacuum would have done to a table of that size in production.
 *
 * <p>It proves the result (every job filled, one progress row, the expected number of batches, everything undone)
 * and reports the figures, total time and longest single batch, on standard output and in
 * {@code target/aarlp-backfill-benchmark.txt}. It asserts no timings: they depend on the machine.
 */
class AarlpBackfillBenchmarkTest {
    private static final int ROWS = Integer.getInteger("dbsteps.backfill.rows", 50_000);
    private static final String BATCH = System.getProperty("dbsteps.backfill.batch");
    private static final int CHANGELOG_BATCH = 5_000;
    private static final Pattern LONGEST = Pattern.compile("this run: [0-9,]+ rows in [0-9.]+ s, longest batch ([0-9]+) ms");

    @Test
    void backfillsNewFieldOfEveryJobInShortBatchesAndUndoesIt() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection c = db.connect()) {
            var config = db.configure().schema("aarlp");
            if (BATCH != null) {
                config.parameter("aarlp_backfill_batch_size", BATCH);
            }
            DbSteps steps = config.load();
            steps.updateTo("1.10");
            long loadStart = System.nanoTime();
            AarlpBackfillTest.loadJobs(c, TestDb.Kind.POSTGRESQL, ROWS);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            UpdateResult up = steps.updateTo("1.11");

            Step fill = up.steps().stream().filter(s -> s.id().equals("1.11-01-backfill-new-field")).findFirst()
                    .orElseThrow();
            String note = fill.notes().get(0);
            Matcher m = LONGEST.matcher(note);
            assertThat(m.find()).as("the backfill reports its longest batch: %s", note).isTrue();
            long longestMs = Long.parseLong(m.group(1));
            int batchSize = BATCH == null ? CHANGELOG_BATCH : Integer.parseInt(BATCH);
            long batches = (ROWS + batchSize - 1) / batchSize;
            assertThat(count(c, "SELECT COUNT(*) FROM jobs WHERE new_field = old_field")).isEqualTo(ROWS);
            assertThat(column(c, "SELECT state || ' ' || rows_done || '/' || rows_total || ' in ' || batches "
                    + "FROM dbsteps_backfill")).containsExactly("done " + ROWS + "/" + ROWS + " in " + batches);

            RollbackResult down = steps.rollbackTo("1.10");

            assertThat(count(c, "SELECT COUNT(*) FROM jobs WHERE new_field IS NULL")).isEqualTo(ROWS);
            assertThat(count(c, "SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'dbsteps_backfill%'")).isZero();

            String version = column(c, "SHOW server_version").get(0);
            String report = String.format(Locale.ROOT, """
                    aarlp 1.11 backfill of jobs.new_field on PostgreSQL %s
                      jobs:                 %,d (loaded in %.1f s)
                      batch size:           %,d keys, %,d batches, each its own transaction
                      backfill step:        %.1f s (%,.0f rows/s)
                      longest single batch: %d ms
                      undo (rollback):      %.1f s
                      note: %s
                    """, version, ROWS, loadSeconds, batchSize, batches, fill.duration().toMillis() / 1000.0,
                    ROWS / Math.max(0.001, fill.duration().toMillis() / 1000.0), longestMs,
                    down.duration().toMillis() / 1000.0, note);
            System.out.println(report);
            Files.writeString(Path.of("target", "aarlp-backfill-benchmark.txt"), report, StandardCharsets.UTF_8);
        }
    }
}
