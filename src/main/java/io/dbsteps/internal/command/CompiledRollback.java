package io.dbsteps.internal.command;

import io.dbsteps.Archive;
import io.dbsteps.DataPolicy;
import io.dbsteps.DbStepsException;
import io.dbsteps.DroppedData;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.RollbackResult;
import io.dbsteps.Step;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.jdbc.SqliteForeignKeyCheck;
import io.dbsteps.internal.jdbc.Tables;
import io.dbsteps.internal.rollback.RollbackStates;
import io.dbsteps.internal.undo.ArchiveRegistry;
import io.dbsteps.internal.undo.Archiver;
import io.dbsteps.internal.undo.Drop;
import io.dbsteps.internal.undo.RawDrops;
import io.dbsteps.internal.undo.UndoRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compiled path of a rollback: when every changeset a rollback undoes has its undo in the compiled form (it is
 * plain, or only its preconditions are not, which a rollback does not check) and its undo row holds that SQL, the
 * rollback runs from that stored SQL with JDBC alone, without loading Liquibase. It plans and runs as the Liquibase
 * path does ({@code Rollbacks}, {@code RollbackRun}): under dbsteps' lock, the plan is made from the history, the data
 * the plan drops is archived first, then each changeset's undo runs and its history and undo rows are removed, newest
 * first; on SQLite the foreign keys are checked; all of it is one transaction.
 *
 * <p>It runs only when it can do exactly what the Liquibase path would: the history is a prefix of the changelog with
 * the same checksums and every row was executed (none marked ran), no other schema's tracking table is in the
 * namespace, the tag is in the history (a further name of a state, or an unknown tag, is Liquibase's), and the lock is
 * free at once. Otherwise it does nothing and the Liquibase path runs the rollback, or refuses it. This class must not
 * use Liquibase.
 */
public final class CompiledRollback {
    /**
     * What to undo: the changesets after a tag of the history, or the last {@code count}; {@code expected}, when
     * given, is the plan it must match exactly.
     */
    public record Target(String tag, int count, RollbackPlan expected) {
        public static Target toTag(String tag) {
            return new Target(tag, 0, null);
        }

        public static Target lastApplied(int count) {
            return new Target(null, count, null);
        }

        public static Target exactly(RollbackPlan plan) {
            return new Target(null, plan.steps().size(), plan);
        }
    }

    /** One changeset to undo: its history row, its compiled form, and its stored rollback. */
    private record Item(CompiledTarget.HistoryRow row, CompiledChangelog.Step step, List<String> statements) {
    }

    private CompiledRollback() {
    }

    /**
     * Runs the rollback on the lease's connection, which must be dbsteps' own (autocommit on).
     *
     * @param action what is being done, for messages, e.g. "rollback to tag 1.0"
     * @return its result; empty when the compiled path does not apply and nothing was done
     */
    public static Optional<RollbackResult> run(Settings settings, Connection c,
            Target target, DataPolicy policy, String action) {
        long start = System.nanoTime();
        Optional<CompiledTarget> t;
        try {
            t = CompiledTarget.open(settings, c);
        } catch (SQLException e) {
            return Optional.empty();
        }
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Run run = new Run(t.get(), target, policy, action, start);
        try {
            return t.get().underLock(run::worthTheLock, run::underLock);
        } catch (DbStepsException e) {
            throw e;
        } catch (SQLException e) {
            if (run.started) {
                throw Failures.translate(e, settings.schema(), action, run.failed, settings.source().mask(),
                        RollbackStates.nothingChanged(run.done.size()));
            }
            return Optional.empty(); // before anything ran: the Liquibase path reports whatever is wrong
        }
    }

    /**
     * Plans the rollback as the Liquibase path plans it, reading only: the plan the compiled rollback would run.
     *
     * @return the plan; empty when the compiled path does not apply (the Liquibase path then plans it, or refuses)
     */
    public static Optional<RollbackPlan> plan(Settings settings, Connection c,
            Target target) {
        try {
            Optional<CompiledTarget> t = CompiledTarget.open(settings, c);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            Run run = new Run(t.get(), target, DataPolicy.ARCHIVE, "plan of a rollback", System.nanoTime());
            if (!run.worthTheLock()) {
                return Optional.empty();
            }
            List<CompiledTarget.HistoryRow> history = t.get().history();
            Optional<List<Item>> items = t.get().isPrefix(history) ? run.items(history) : Optional.empty();
            return items.map(i -> run.plan(history, i, new Archiver(c, t.get().postgres,
                    ArchiveRegistry.of(settings.changelog()))));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** One compiled rollback. */
    private static final class Run {
        private final CompiledTarget t;
        private final Target target;
        private final DataPolicy policy;
        private final String action;
        private final long start;
        private final List<Step> done = new ArrayList<>();
        /** The changesets the progress listener heard of: a retry after a lock wait undoes them again, unheard. */
        private final java.util.Set<String> heard = new java.util.HashSet<>();
        private boolean started;
        private String failed;

        Run(CompiledTarget t, Target target, DataPolicy policy, String action, long start) {
            this.t = t;
            this.target = target;
            this.policy = policy;
            this.action = action;
            this.start = start;
        }

        /**
         * Reads only, before the lock: whether the compiled path may apply at all. Taking the lock creates nothing when
         * its table is there, so the history and the undo rows are read once, under the lock; when they say no, the
         * lock is given back and the Liquibase path takes it.
         */
        boolean worthTheLock() throws SQLException {
            return Tables.exists(t.c, t.lockTable) && Tables.exists(t.c, t.undoTable) && !t.otherTrackingTables();
        }

        Optional<RollbackResult> underLock() throws SQLException {
            List<CompiledTarget.HistoryRow> history = t.otherTrackingTables() ? null : t.history();
            Optional<List<Item>> items = t.isPrefix(history) ? items(history) : Optional.empty();
            if (items.isEmpty()) {
                return Optional.empty(); // the history changed since the check: the Liquibase path decides
            }
            Archiver archiver = new Archiver(t.c, t.postgres, ArchiveRegistry.of(t.settings.changelog()));
            RollbackPlan plan = plan(history, items.get(), archiver);
            if (target.expected() != null && !target.expected().fingerprint().equals(plan.fingerprint())) {
                return Optional.empty(); // the Liquibase path refuses it with both plans
            }
            started = true;
            SqliteForeignKeyCheck foreignKeys = t.postgres ? null : SqliteForeignKeyCheck.before(t.c);
            List<Archive> archives = new ArrayList<>();
            try {
                if (policy == DataPolicy.ARCHIVE) {
                    archives.addAll(archiver.archive(List.copyOf(Archiver.drops(plan)),
                            Archiver.firstStepDropping(plan)));
                }
                List<String> all = items.get().stream().flatMap(i -> i.statements().stream()).toList();
                t.withTableLockWaits(all, () -> { // a retry after a lock wait starts again from the first step
                    done.clear();
                    try (PreparedStatement historyRow = t.c.prepareStatement("DELETE FROM " + t.logTable
                            + " WHERE ID = ? AND AUTHOR = ? AND FILENAME = ?");
                         PreparedStatement undoRow = UndoRows.prepareDelete(t.c, t.undoTable)) {
                        for (Item item : items.get()) {
                            undo(item, historyRow, undoRow);
                        }
                    }
                });
                if (foreignKeys != null) {
                    List<String> broken = foreignKeys.introduced(t.c);
                    if (!broken.isEmpty()) {
                        throw foreignKeys.refusal("Schema " + t.settings.schema() + ": " + action, broken,
                                RollbackStates.nothingChanged(done.size()));
                    }
                }
                t.c.commit();
            } catch (DbStepsException e) {
                rollback();
                throw e;
            } catch (Exception e) {
                rollback();
                throw Failures.translate(e, t.settings.schema(), action, failed, t.settings.source().mask(),
                        RollbackStates.nothingChanged(done.size()));
            }
            List<CompiledTarget.HistoryRow> after = history.subList(0, history.size() - items.get().size());
            return Optional.of(new RollbackResult(t.settings.schema(), plan.fromTag(), CompiledTarget.currentTag(after),
                    done, archives, Elapsed.since(start)));
        }

        private void rollback() {
            try {
                t.c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the database rolls the open transaction back itself
            }
        }

        /**
         * The changesets to undo, newest first, as the Liquibase path's planner finds them; empty when one of them
         * cannot be undone from stored SQL that is its compiled undo, or the target is not plainly in the history.
         */
        private Optional<List<Item>> items(List<CompiledTarget.HistoryRow> history) throws SQLException {
            int from;
            if (target.tag() != null) {
                int tagged = -1;
                for (int i = 0; i < history.size() && tagged < 0; i++) {
                    if (history.get(i).tag() != null && target.tag().equalsIgnoreCase(history.get(i).tag())) {
                        tagged = i; // the oldest match, as Liquibase's rollback finds it
                    }
                }
                if (tagged < 0) {
                    return Optional.empty();
                }
                CompiledTarget.HistoryRow row = history.get(tagged);
                boolean undoTagRow = "tagDatabase".equals(row.description())
                        && !t.compiled.steps().get(tagged).keepsTag();
                from = undoTagRow ? tagged : tagged + 1;
            } else {
                if (target.count() < 1 || target.count() > history.size()) {
                    return Optional.empty();
                }
                from = history.size() - target.count();
            }
            List<Item> items = new ArrayList<>();
            java.util.Map<UndoRows.Key, UndoRows.Stored> undoRows = from < history.size()
                    ? UndoRows.all(t.c, t.undoTable) : java.util.Map.of();
            for (int i = history.size() - 1; i >= from; i--) {
                CompiledChangelog.Step step = t.compiled.steps().get(i);
                if (step.undo() == null || step.rollback() == null) { // Java code, or a change not run as SQL
                    return Optional.empty();
                }
                UndoRows.Stored stored = undoRows.get(new UndoRows.Key(step.id(), step.author(), step.file()));
                if (stored == null || !t.sql(step.undo()).equals(stored.sql())) {
                    return Optional.empty();
                }
                items.add(new Item(history.get(i), step, stored.statements()));
            }
            return Optional.of(items);
        }

        /**
         * The plan the Liquibase path makes for these changesets: what each drops as the renderer says (its structured
         * drops, then what its raw statements drop, read against the live columns now), counted now.
         */
        private RollbackPlan plan(List<CompiledTarget.HistoryRow> history, List<Item> items, Archiver counter) {
            List<PlannedStep> steps = new ArrayList<>();
            for (Item item : items) {
                CompiledChangelog.Rollback undo = item.step().rollback();
                List<Drop> dropped = new ArrayList<>();
                undo.drops().forEach(d -> dropped.add(new Drop(t.sql(d.table()), d.column())));
                dropped.addAll(RawDrops.of(undo.raw().stream().map(t::sql).toList(), t.c, t.postgres));
                List<DroppedData> drops = dropped.stream()
                        .map(d -> new DroppedData(d.table(), d.column(), counter.count(d))).toList();
                steps.add(new PlannedStep(item.step().id(), item.step().author(), item.step().file(),
                        item.statements(), undo.opaque(), false, drops, false, false));
            }
            String toTag = target.tag() != null ? target.tag()
                    : CompiledTarget.currentTag(history.subList(0, history.size() - items.size()));
            return new RollbackPlan(t.settings.schema(), CompiledTarget.currentTag(history), toTag, steps);
        }

        /**
         * Undoes one changeset in the rollback's transaction: its stored SQL, then its history and undo rows.
         *
         * @param history the statement that deletes a history row (ID, AUTHOR, FILENAME)
         * @param undo    the statement that deletes an undo row ({@link UndoRows#prepareDelete})
         */
        private void undo(Item item, PreparedStatement history, PreparedStatement undo) throws Exception {
            long stepStart = System.nanoTime();
            CompiledChangelog.Step step = item.step();
            failed = item.row().name();
            for (String sql : item.statements()) {
                if (!sql.isBlank()) {
                    t.execute(sql);
                }
            }
            history.setString(1, step.id());
            history.setString(2, step.author());
            history.setString(3, step.file());
            history.executeUpdate();
            UndoRows.delete(undo, step.id(), step.author(), step.file());
            failed = null;
            Step s = new Step(step.id(), step.author(), step.file(), Step.Outcome.ROLLED_BACK, step.tag(),
                    Duration.ofNanos(System.nanoTime() - stepStart), List.of());
            done.add(s);
            if (t.settings.progress() != null && heard.add(item.row().name())) {
                t.settings.progress().stepDone(s);
            }
        }
    }
}
