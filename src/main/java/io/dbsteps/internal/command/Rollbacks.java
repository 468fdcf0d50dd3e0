package io.dbsteps.internal.command;

import io.dbsteps.MarkedRanPolicy;
import io.dbsteps.internal.ownership.OwnershipGuard;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.rollback.RollbackRun;

import io.dbsteps.Archive;
import io.dbsteps.DataPolicy;
import io.dbsteps.DroppedData;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.RollbackResult;
import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.Action;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagAliases;
import io.dbsteps.internal.rollback.RollbackPlanner;
import io.dbsteps.internal.rollback.StoredRollback;
import io.dbsteps.internal.undo.Archiver;
import io.dbsteps.internal.undo.Drop;
import io.dbsteps.internal.undo.RollbackRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.RollbackCountSqlCommandStep;
import liquibase.command.core.RollbackSqlCommandStep;

/**
 * Rollbacks: planned first, refused before anything runs if any step cannot be undone, then executed step by step
 * with the data they drop archived. Changesets the changelog does not know are undone first, newest first, from the
 * undo store; Liquibase undoes the rest.
 */
public final class Rollbacks {
    private final Settings settings;
    private final Arguments arguments;

    public Rollbacks(Settings settings, Arguments arguments) {
        this.settings = settings;
        this.arguments = arguments;
    }

    public RollbackPlan planTo(String tag) {
        arguments.checkTagName(tag);
        return plan(CompiledRollback.Target.toTag(tag), "plan of a rollback to tag " + tag,
                s -> plan(s, toName(s, tag), tag));
    }

    public RollbackPlan planCount(int count) {
        checkCount(count);
        return plan(CompiledRollback.Target.lastApplied(count), "plan of a rollback of " + count + " changesets",
                s -> plan(s, new RollbackPlanner(s).lastApplied(count), null));
    }

    /** The plan the compiled path would run when it applies ({@link CompiledRollback}), else Liquibase's. */
    private RollbackPlan plan(CompiledRollback.Target target, String action, LiquibaseSession.Work<RollbackPlan> work) {
        try (ConnectionSource.Lease lease = settings.source().open()) {
            Optional<RollbackPlan> compiled = CompiledRollback.plan(settings, lease.connection(), target);
            return compiled.isPresent() ? compiled.get() : LiquibaseSession.run(settings, action, lease, work);
        }
    }

    public RollbackResult to(String tag, DataPolicy policy) {
        return to(tag, policy, MarkedRanPolicy.REFUSE);
    }

    public RollbackResult to(String tag, DataPolicy policy, MarkedRanPolicy markedRan) {
        arguments.checkTagName(tag);
        checkPolicy(policy);
        checkMarkedRan(markedRan);
        return run("rollback to tag " + tag, policy, markedRan, null, CompiledRollback.Target.toTag(tag),
                s -> toName(s, tag), tag, () -> (s, p, atomic) -> {
            TagAliases.Target target = target(s, tag);
            return target.tag() == null ? byCount(s, p, atomic)
                    : s.command("rollback", p, atomic.holdAcross(), !atomic.whole(), atomic.archived())
                            .addArgumentValue(RollbackCommandStep.TAG_ARG, target.tag());
        });
    }

    /** The changesets a rollback to a name undoes: a tag of the history, or a further name of a state. */
    private List<RollbackPlanner.Item> toName(LiquibaseSession s, String name) throws Exception {
        return toTarget(s, target(s, name));
    }

    private static List<RollbackPlanner.Item> toTarget(LiquibaseSession s, TagAliases.Target target) throws Exception {
        return target.tag() != null ? new RollbackPlanner(s).toTag(target.tag())
                : new RollbackPlanner(s).lastApplied(target.count());
    }

    private TagAliases.Target target(LiquibaseSession s, String name) throws Exception {
        return TagAliases.of(settings.changelog()).target(s.connection(), name, s.history());
    }

    public RollbackResult count(int count, DataPolicy policy) {
        return count(count, policy, MarkedRanPolicy.REFUSE);
    }

    public RollbackResult count(int count, DataPolicy policy, MarkedRanPolicy markedRan) {
        checkCount(count);
        checkPolicy(policy);
        checkMarkedRan(markedRan);
        return run("rollback of " + count + " changesets", policy, markedRan, null,
                CompiledRollback.Target.lastApplied(count), s -> new RollbackPlanner(s).lastApplied(count), null,
                () -> Rollbacks::byCount);
    }

    /**
     * Runs the rollback the plan describes, and only that: under the lock it plans again and refuses, changing
     * nothing, if what would run now differs from the plan (the history changed since it was made).
     */
    public RollbackResult exactly(RollbackPlan expected, DataPolicy policy, MarkedRanPolicy markedRan) {
        if (expected == null) {
            throw arguments.invalid("the rollback plan is null. Pass the plan returned by planRollback or "
                    + "planRollbackCount");
        }
        checkPolicy(policy);
        checkMarkedRan(markedRan);
        if (!settings.schema().equals(expected.schema())) {
            throw arguments.invalid("the plan is for schema " + expected.schema() + ", not this one. Plan the rollback "
                    + "with this DbSteps");
        }
        int count = expected.steps().size();
        if (count == 0) {
            return new RollbackResult(settings.schema(), expected.fromTag(), expected.toTag(), List.of(), List.of(),
                    java.time.Duration.ZERO);
        }
        return run("rollback of the planned " + count + " changesets", policy, markedRan, expected,
                CompiledRollback.Target.exactly(expected),
                s -> new RollbackPlanner(s).lastApplied(Math.min(count, s.history().size())), null,
                () -> Rollbacks::byCount);
    }

    private static CommandScope byCount(LiquibaseSession s, DataPolicy policy, RollbackRun.Atomic atomic) throws Exception {
        return s.command("rollbackCount", policy, atomic.holdAcross(), !atomic.whole(), atomic.archived()).addArgumentValue(RollbackCountCommandStep.COUNT_ARG,
                atomic.size());
    }

    public String sql(String tag) {
        arguments.checkTagName(tag);
        return LiquibaseSession.run(settings, Action.preview("rollback SQL preview to tag " + tag), s -> {
            TagAliases.Target target = target(s, tag);
            List<RollbackPlanner.Item> items = toTarget(s, target);
            StringBuilder out = new StringBuilder();
            for (RollbackPlanner.Item item : items) {
                if (item.stored() != null) {
                    out.append("-- Rolling back ").append(item.name()).append(" with the SQL stored when it was applied\n");
                    item.stored().statements().forEach(st -> out.append(st).append(";\n"));
                }
            }
            if (items.stream().anyMatch(i -> i.changeSet() != null)) {
                out.append(s.sqlOf(target.tag() != null
                        ? s.preview("rollbackSql").addArgumentValue(RollbackSqlCommandStep.TAG_ARG, target.tag())
                        : s.preview("rollbackCountSql").addArgumentValue(RollbackCountSqlCommandStep.COUNT_ARG,
                                target.count())));
            }
            return settings.source().mask().apply(out.toString());
        });
    }

    /**
     * The part of a rollback Liquibase runs, made only when the rollback goes through Liquibase: making it earlier
     * would load Liquibase's command classes on the compiled path.
     */
    private interface LiquibasePart extends java.util.function.Supplier<RollbackRun.LiquibasePart> {
    }

    private interface Planning {
        List<RollbackPlanner.Item> plan(LiquibaseSession s) throws Exception;
    }

    /**
     * Takes the lock, plans under it, refuses if the plan differs from the expected one, then runs it (see
     * {@link RollbackRun}). The result reports the steps that ran, which are the steps of the plan made here. When
     * the compiled path applies ({@link CompiledRollback}), it runs the same plan from the stored SQL without
     * Liquibase.
     */
    private RollbackResult run(String action, DataPolicy policy, MarkedRanPolicy markedRan, RollbackPlan expected,
            CompiledRollback.Target compiled, Planning planning, String tag, LiquibasePart liquibase) {
        long start = System.nanoTime();
        try (ConnectionSource.Lease lease = settings.source().open()) {
            Optional<RollbackResult> done = CompiledRollback.run(settings, lease.connection(), compiled, policy,
                    action);
            return done.isPresent() ? done.get()
                    : throughLiquibase(action, policy, markedRan, expected, planning, tag, liquibase, lease, start);
        }
    }

    private RollbackResult throughLiquibase(String action, DataPolicy policy, MarkedRanPolicy markedRan,
            RollbackPlan expected, Planning planning, String tag, LiquibasePart liquibase,
            ConnectionSource.Lease lease, long start) {
        return LiquibaseSession.run(settings, action, lease, s -> {
            if (!s.history().isEmpty()) { // with no history the plan refuses, and a refusal creates no lock table
                s.lockAndRereadHistory();
            }
            String from = History.currentTag(s.history());
            List<RollbackPlanner.Item> items = planning.plan(s);
            OwnershipGuard.checkRollback(s, items, markedRan, action);
            RollbackPlan plan = plan(s, items, tag);
            if (expected != null && !expected.fingerprint().equals(plan.fingerprint())) {
                throw changed(expected, plan);
            }
            List<Archive> archives = RollbackRun.run(s, action, policy, plan, items, liquibase.get());
            s.refreshHistory();
            return new RollbackResult(s.schema(), from, History.currentTag(s.history()), s.recorder().steps(), archives,
                    Elapsed.since(start));
        });
    }

    private static DbStepsException changed(RollbackPlan expected, RollbackPlan now) {
        return new DbStepsException(ErrorCode.PLAN_CHANGED, "Schema " + now.schema() + ": the rollback was refused "
                + "before anything ran, because the database changed since it was planned: the plan shown undoes "
                + describe(expected) + ", but now it would undo " + describe(now) + ". Nothing was changed. Plan the "
                + "rollback again and check the new plan.");
    }

    private static String describe(RollbackPlan plan) {
        if (plan.steps().isEmpty()) {
            return "nothing";
        }
        PlannedStep newest = plan.steps().get(0);
        PlannedStep oldest = plan.steps().get(plan.steps().size() - 1);
        return plan.steps().size() + " changeset(s), " + newest.id() + (plan.steps().size() > 1 ? " back to "
                + oldest.id() : "") + " (tag " + plan.fromTag() + " -> " + plan.toTag() + ")";
    }

    private static RollbackPlan plan(LiquibaseSession s, List<RollbackPlanner.Item> items, String tag) throws Exception {
        // the plan refuses what the rollback would refuse for ownership; marked-ran steps it only flags
        OwnershipGuard.checkRollback(s, items, MarkedRanPolicy.UNDO, "plan of a rollback"
                + (tag == null ? "" : " to tag " + tag));
        Archiver counter = s.archiver();
        List<PlannedStep> steps = new ArrayList<>();
        for (RollbackPlanner.Item item : items) {
            List<String> sql;
            boolean opaque;
            boolean outside = item.changeSet() != null && !item.changeSet().isRunInTransaction();
            List<Drop> drops = new ArrayList<>();
            if (item.changeSet() != null) {
                RollbackRenderer.Rendered r = RollbackRenderer.render(item.changeSet(), s.database());
                sql = new ArrayList<>(r.statements());
                if (r.runsCode()) {
                    sql.add("-- and a custom change that runs Java code");
                }
                opaque = r.opaque() || r.runsCode();
                drops.addAll(r.drops());
            } else {
                sql = item.stored().statements();
                opaque = true;
                drops.addAll(StoredRollback.drops(item.stored(), s.database()));
            }
            List<DroppedData> counted = drops.stream()
                    .map(d -> new DroppedData(d.table(), d.column(), counter.count(d))).toList();
            steps.add(new PlannedStep(item.row().getId(), item.row().getAuthor(), item.row().getChangeLog(), sql,
                    opaque, item.changeSet() == null, counted, outside, OwnershipGuard.isMarkedRan(item.row())));
        }
        String from = History.currentTag(s.history());
        String to = tag != null ? tag : tagAfter(s, items.size());
        return new RollbackPlan(s.schema(), from, to, steps);
    }

    /** The tag that is current once the last {@code count} changesets are undone. */
    private static String tagAfter(LiquibaseSession s, int count) throws Exception {
        var history = s.history();
        return History.currentTag(history.subList(0, history.size() - count));
    }

    private void checkCount(int count) {
        if (count < 1) {
            throw arguments.invalid("the count of changesets to roll back must be at least 1, not " + count);
        }
    }

    private void checkMarkedRan(MarkedRanPolicy markedRan) {
        if (markedRan == null) {
            throw arguments.invalid("the policy for marked-ran steps is null. Use MarkedRanPolicy.REFUSE (the default) or "
                    + "MarkedRanPolicy.UNDO");
        }
    }

    private void checkPolicy(DataPolicy policy) {
        if (policy == null) {
            throw arguments.invalid("the data policy is null. Use DataPolicy.ARCHIVE (the default) or DataPolicy.DISCARD");
        }
    }
}
