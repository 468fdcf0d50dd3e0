package io.dbsteps.ext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import liquibase.exception.CustomChangeException;
import liquibase.logging.Logger;

/**
 * What a batched backfill and its undo share: each batch commits in its own transaction, progress is logged as the
 * batches go, and a failure says how far the run got.
 */
final class BackfillRun {
    static final int DEFAULT_BATCH_SIZE = 5_000;
    private static final long LOG_EVERY_NANOS = 2_000_000_000L;

    private BackfillRun() {
    }

    static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * The batches commit on their own, so the connection must not be inside a transaction that Liquibase opened for
     * the changeset: that transaction would be committed by the first batch.
     */
    static void requireOwnTransactions(Connection c, String who) throws SQLException, CustomChangeException {
        if (!c.getAutoCommit()) {
            throw new CustomChangeException(who + " commits each batch in its own transaction, so its changeset must "
                    + "declare runInTransaction: false.");
        }
    }

    /**
     * The failure of a run, saying how far it got and what to do. The database error is kept as a suppressed
     * exception rather than as the cause, so that clients which report the innermost database message (dbsteps
     * does) report this one, which contains it.
     */
    static CustomChangeException stopped(String message, Exception e) {
        CustomChangeException out = new CustomChangeException(message);
        out.addSuppressed(e);
        return out;
    }

    static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the connection is gone; Liquibase reports that
        }
    }

    /** Counts the batches of one run and logs progress, at most every two seconds and at the end. */
    static final class Batches {
        private final Logger log;
        private final String name;
        private final long total;
        private final long start = System.nanoTime();
        private long lastLog = start;
        private long done;
        long rows;
        long count;
        private long longest;

        Batches(Logger log, String name, long total, long doneBefore) {
            this.log = log;
            this.name = name;
            this.total = total;
            this.done = doneBefore;
        }

        void done(long filled, long nanos) {
            rows += filled;
            done += filled;
            count++;
            longest = Math.max(longest, nanos);
            long now = System.nanoTime();
            if (now - lastLog >= LOG_EVERY_NANOS || count == 1) {
                lastLog = now;
                log.info(String.format(Locale.ROOT, "Backfill %s: %,d of %,d rows (%.0f%%), %,.0f rows/s, "
                                + "batch %,d took %d ms", name, done, total, total == 0 ? 100.0 : 100.0 * done / total,
                        rate(), count, nanos / 1_000_000));
            }
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        double rate() {
            double s = seconds();
            return s <= 0 ? 0 : rows / s;
        }

        long longestMillis() {
            return longest / 1_000_000;
        }
    }
}
