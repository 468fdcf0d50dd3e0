package io.dbsteps.internal.command;

import io.dbsteps.Step;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.jdbc.SqliteForeignKeyCheck;
import io.dbsteps.internal.jdbc.Tables;
import io.dbsteps.internal.undo.UndoRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compiled path of an update: the pending plain changesets of a changelog whose compiled form
 * ({@link CompiledChangelog}) the jar ships run with JDBC alone, without loading Liquibase. Each changeset is one
 * transaction with its history row (every column as Liquibase writes it), its undo row and, on SQLite, the foreign-key
 * check; the lock is dbsteps' lock, taken by the same rule as under Liquibase.
 *
 * <p>It runs only when it can do exactly what the Liquibase path would: the history is a prefix of the changelog with
 * the same checksums, no other schema's tracking table is in the namespace, no release is unverified, the names are
 * ones Liquibase writes unquoted, and the lock is free at once. Otherwise it does nothing, and the whole update goes
 * through Liquibase. It stops before the first changeset that is not plain or whose preconditions it cannot tell pass,
 * and the rest of the update goes through Liquibase. This class must not use Liquibase.
 */
public final class CompiledUpdate {
    /**
     * What the compiled path did.
     *
     * @param fromTag  the tag before the update
     * @param steps    the changesets it applied, in order
     * @param finished     true if nothing is left for Liquibase to run
     * @param deploymentId the DEPLOYMENT_ID of the rows it wrote, which the Liquibase part of the update continues
     */
    public record Outcome(String fromTag, List<Step> steps, boolean finished, String deploymentId) {
        public String toTag() {
            String tag = fromTag;
            for (Step s : steps) {
                tag = s.tag() != null ? s.tag() : tag;
            }
            return tag;
        }
    }

    private CompiledUpdate() {
    }

    /**
     * Runs what it can of an update on the lease's connection, which must be dbsteps' own (autocommit on).
     *
     * @return what it did; empty when the compiled path does not apply and nothing was done
     */
    public static Optional<Outcome> run(Settings settings, Connection c) {
        return run(settings, c, null);
    }

    /**
     * As {@link #run(Settings, Connection)}, up to and including the pending changeset that declares this tag
     * (exactly, as Liquibase's updateToTag finds a tag not yet applied); a tag already applied, or one no pending
     * compiled changeset declares, is left to Liquibase.
     *
     * @param stopAtTag the tag to stop after, or null for every pending changeset
     */
    public static Optional<Outcome> run(Settings settings, Connection c, String stopAtTag) {
        return run(settings, c, stopAtTag, 0);
    }

    /**
     * As {@link #run(Settings, Connection)}, for at most {@code count} pending changesets, as Liquibase's updateCount
     * counts them; those it leaves of the count are the Liquibase part's.
     *
     * @param count the most changesets to apply, or 0 for every pending one
     */
    public static Optional<Outcome> runCount(Settings settings, Connection c, int count) {
        return run(settings, c, null, count);
    }

    private static Optional<Outcome> run(Settings settings, Connection c, String stopAtTag, int count) {
        try {
            Optional<CompiledTarget> target = CompiledTarget.open(settings, c);
            if (target.isEmpty()) {
                return Optional.empty();
            }
            Run run = new Run(target.get(), stopAtTag, count);
            return target.get().underLock(run::worthTheLock, run::underLock);
        } catch (SQLException e) {
            return Optional.empty(); // before anything ran: the Liquibase path reports whatever is wrong
        }
    }

    /** One compiled update. */
    private static final class Run {
        private final CompiledTarget t;
        private final Settings settings;
        private final Connection c;
        private final CompiledChangelog compiled;
        private final String stopAtTag;
        private final int count;
        private final String deploymentId = io.dbsteps.internal.jdbc.DeploymentIds.next();

        Run(CompiledTarget target, String stopAtTag, int count) {
            this.t = target;
            this.settings = target.settings;
            this.c = target.c;
            this.compiled = target.compiled;
            this.stopAtTag = stopAtTag;
            this.count = count;
        }

        /**
         * Reads only, before the lock and before anything is created: whether the compiled path can run at least the
         * first pending changeset. When it cannot, the Liquibase path runs the whole update, and a refusal of its
         * guards must find nothing created, not even the lock table.
         */
        boolean worthTheLock() throws SQLException {
            if (t.otherTrackingTables() || unverifiedRelease()) {
                return false;
            }
            List<CompiledTarget.HistoryRow> history = t.history();
            if (!t.isPrefix(history) || history.size() >= compiled.steps().size()) {
                return false;
            }
            int next = history.size();
            if (end(history, next) < 0) {
                return false;
            }
            CompiledChangelog.Step first = compiled.steps().get(next);
            return first.plain() && new CompiledPreconditionCheck(c, t.postgres).passes(first.precondition());
        }

        /**
         * Where the run ends (exclusive): every changeset, the count of them, or through the pending one that declares
         * the tag; -1 when the tag is already applied (in any case, as Liquibase finds an applied tag) or no pending
         * changeset declares it exactly.
         */
        private int end(List<CompiledTarget.HistoryRow> history, int next) {
            if (stopAtTag == null) {
                return count > 0 ? Math.min(compiled.steps().size(), next + count) : compiled.steps().size();
            }
            if (history.stream().anyMatch(h -> stopAtTag.equalsIgnoreCase(h.tag()))) {
                return -1;
            }
            int declared = t.declaring(stopAtTag, next);
            return declared < 0 ? -1 : declared + 1;
        }

        Optional<Outcome> underLock() throws SQLException {
            if (t.otherTrackingTables() || unverifiedRelease()) {
                return Optional.empty(); // the Liquibase path applies its guards
            }
            boolean created = false;
            if (!Tables.exists(c, t.logTable)) {
                for (String s : compiled.tables().createLog()) {
                    t.execute(t.sql(s));
                }
                created = true;
            }
            List<CompiledTarget.HistoryRow> history = created ? List.of() : t.history();
            if (!t.isPrefix(history) || end(history, history.size()) < 0) {
                c.rollback();
                return Optional.empty(); // not a prefix of the changelog, or the tag is not ahead: Liquibase decides
            }
            c.commit(); // the history table, if it was created, as Liquibase commits it before the first changeset
            return Optional.of(apply(compiled.steps().subList(history.size(), end(history, history.size())),
                    CompiledTarget.currentTag(history)));
        }

        private Outcome apply(List<CompiledChangelog.Step> pending, String fromTag) throws SQLException {
            int order = nextOrder();
            SqliteForeignKeyCheck foreignKeys = t.postgres ? null : SqliteForeignKeyCheck.before(c);
            CompiledPreconditionCheck preconditions = new CompiledPreconditionCheck(c, t.postgres);
            List<Step> done = new ArrayList<>();
            boolean undoTable = false;
            for (CompiledChangelog.Step step : pending) {
                if (!step.plain()) {
                    return new Outcome(fromTag, done, false, deploymentId);
                }
                long start = System.nanoTime();
                String name = step.file() + "::" + step.id() + "::" + step.author();
                List<String> notes = new ArrayList<>();
                try {
                    if (!preconditions.passes(step.precondition())) {
                        c.rollback();
                        return new Outcome(fromTag, done, false, deploymentId);
                    }
                    t.executeAll(step.sql().stream().map(t::sql).toList());
                    insertHistoryRow(step, order++);
                    if (!undoTable) {
                        UndoRows.ensureTable(c, t.undoTable);
                        undoTable = true;
                    }
                    UndoRows.store(c, t.undoTable, step.id(), step.author(), step.file(),
                            step.undo() == null ? null : t.sql(step.undo()));
                    if (foreignKeys != null) {
                        List<String> broken = foreignKeys.introduced(c);
                        if (!broken.isEmpty()) {
                            c.rollback();
                            throw foreignKeys.refusal("Schema " + settings.schema() + ": changeset " + name, broken,
                                    SqliteForeignKeyCheck.STEP_ROLLED_BACK);
                        }
                        if (done.isEmpty() && foreignKeys.preExistingCount() > 0) {
                            notes.add(foreignKeys.preExistingNote());
                        }
                    }
                    c.commit();
                } catch (io.dbsteps.DbStepsException e) {
                    throw e;
                } catch (Exception e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is broken: the server rolls the transaction back
                    }
                    throw Failures.translate(e, settings.schema(), "update", name, settings.source().mask());
                }
                Step s = new Step(step.id(), step.author(), step.file(), Step.Outcome.EXECUTED, step.tag(),
                        Duration.ofNanos(System.nanoTime() - start), notes);
                done.add(s);
                if (settings.progress() != null) {
                    settings.progress().stepDone(s);
                }
            }
            return new Outcome(fromTag, done, true, deploymentId);
        }

        private void insertHistoryRow(CompiledChangelog.Step step, int order) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.logTable + " (ID, AUTHOR, FILENAME, "
                    + "DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, "
                    + "LIQUIBASE, DEPLOYMENT_ID, TAG) VALUES (?, ?, ?, " + compiled.dateFunction()
                    + ", ?, ?, ?, ?, 'EXECUTED', ?, ?, ?, ?, ?)")) {
                ps.setString(1, step.id());
                ps.setString(2, step.author());
                ps.setString(3, step.file());
                ps.setInt(4, order);
                ps.setString(5, step.checksum());
                ps.setString(6, step.description());
                ps.setString(7, step.comments());
                ps.setString(8, step.contexts());
                ps.setString(9, step.labels());
                ps.setString(10, t.version);
                ps.setString(11, deploymentId);
                ps.setString(12, step.tag());
                ps.executeUpdate();
            }
        }

        private int nextOrder() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ORDEREXECUTED) FROM " + t.logTable);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) + 1 : 1;
            }
        }

        /** An unverified release the update would build on, unless allowed (as a guarded release allows its own). */
        private boolean unverifiedRelease() throws SQLException {
            return !settings.allowUnverified()
                    && new ReleaseRecord(settings.changelog().releaseTable()).newestUnverified(c).isPresent();
        }
    }
}
