package io.dbsteps;

import java.util.ArrayList;
import java.util.List;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.RollbackSqlCommandStep;

/**
 * Rollbacks: planned first, refused before anything runs if any step cannot be undone, then executed step by step
 * with the data they drop archived. Changesets the changelog does not know are undone first, newest first, from the
 * undo store; Liquibase undoes the rest.
 */
final class Rollbacks {
    private final Settings settings;
    private final Engine engine;

    Rollbacks(Settings settings, Engine engine) {
        this.settings = settings;
        this.engine = engine;
    }

    RollbackPlan planTo(String tag) {
        engine.checkTagName(tag);
        return LiquibaseSession.run(settings, "plan of a rollback to tag " + tag,
                s -> plan(s, new RollbackPlanner(s).toTag(tag), tag));
    }

    RollbackPlan planCount(int count) {
        checkCount(count);
        return LiquibaseSession.run(settings, "plan of a rollback of " + count + " changesets",
                s -> plan(s, new RollbackPlanner(s).lastApplied(count), null));
    }

    RollbackResult to(String tag, DataPolicy policy) {
        return to(tag, policy, MarkedRanPolicy.REFUSE);
    }

    RollbackResult to(String tag, DataPolicy policy, MarkedRanPolicy markedRan) {
        engine.checkTagName(tag);
        checkPolicy(policy);
        checkMarkedRan(markedRan);
        return run("rollback to tag " + tag, policy, markedRan, s -> new RollbackPlanner(s).toTag(tag),
                (s, atomic) -> s.command("rollback", policy, atomic).addArgumentValue(RollbackCommandStep.TAG_ARG, tag));
    }

    RollbackResult count(int count, DataPolicy policy) {
        return count(count, policy, MarkedRanPolicy.REFUSE);
    }

    RollbackResult count(int count, DataPolicy policy, MarkedRanPolicy markedRan) {
        checkCount(count);
        checkPolicy(policy);
        checkMarkedRan(markedRan);
        return run("rollback of " + count + " changesets", policy, markedRan,
                s -> new RollbackPlanner(s).lastApplied(count),
                (s, atomic) -> s.command("rollbackCount", policy, atomic)
                        .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, atomic.size()));
    }

    String sql(String tag) {
        engine.checkTagName(tag);
        return LiquibaseSession.run(settings, "rollback " + Failures.PREVIEW + " to tag " + tag, s -> {
            List<RollbackPlanner.Item> items = new RollbackPlanner(s).toTag(tag);
            StringBuilder out = new StringBuilder();
            for (RollbackPlanner.Item item : items) {
                if (item.stored() != null) {
                    out.append("-- Rolling back ").append(item.name()).append(" with the SQL stored when it was applied\n");
                    item.stored().statements().forEach(st -> out.append(st).append(";\n"));
                }
            }
            if (items.stream().anyMatch(i -> i.changeSet() != null)) {
                out.append(s.sqlOf(s.preview("rollbackSql").addArgumentValue(RollbackSqlCommandStep.TAG_ARG, tag)));
            }
            return settings.source().mask().apply(out.toString());
        });
    }

    private interface Planning {
        List<RollbackPlanner.Item> plan(LiquibaseSession s) throws Exception;
    }

    private interface LiquibasePart {
        CommandScope command(LiquibaseSession s, Atomic atomic) throws Exception;
    }

    /**
     * The part of a rollback Liquibase runs: {@code size} changesets, as one transaction unless one of them must run
     * outside a transaction (e.g. CREATE INDEX CONCURRENTLY), in which case each changeset is its own.
     */
    record Atomic(int size, boolean whole) {
        int holdAcross() {
            return whole ? size : 1;
        }
    }

    private RollbackResult run(String action, DataPolicy policy, MarkedRanPolicy markedRan, Planning planning,
            LiquibasePart liquibase) {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, action, s -> {
            if (!s.history().isEmpty()) { // with no history the plan refuses, and a refusal creates no lock table
                s.lockAndRereadHistory();
            }
            String from = Engine.currentTag(s.history());
            List<RollbackPlanner.Item> items = planning.plan(s);
            OwnershipGuard.checkRollback(s, items, markedRan, action);
            List<RollbackPlanner.Item> stored = items.stream().takeWhile(i -> i.changeSet() == null).toList();
            List<Archive> archives = new ArrayList<>();
            if (!stored.isEmpty()) {
                archives.addAll(StoredRollback.run(s, stored, policy));
            }
            List<RollbackPlanner.Item> known = items.subList(stored.size(), items.size());
            if (!known.isEmpty()) {
                boolean whole = known.stream().allMatch(i -> i.changeSet().isRunInTransaction());
                liquibase.command(s, new Atomic(known.size(), whole)).execute();
                archives.addAll(s.archives());
            }
            s.verifyForeignKeys(action);
            s.refreshHistory();
            return new RollbackResult(s.schema(), from, Engine.currentTag(s.history()), s.recorder().steps(), archives,
                    Engine.since(start));
        });
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
            List<RollbackRenderer.Drop> drops = new ArrayList<>();
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
                List<String> copied = new ArrayList<>();
                sql.forEach(st -> RollbackRenderer.readRawSql(st, drops, copied));
                drops.removeIf(d -> d.column() == null && copied.contains(d.table()));
            }
            List<DroppedData> counted = drops.stream()
                    .map(d -> new DroppedData(d.table(), d.column(), counter.count(d))).toList();
            steps.add(new PlannedStep(item.row().getId(), item.row().getAuthor(), item.row().getChangeLog(), sql,
                    opaque, item.changeSet() == null, counted, OwnershipGuard.isMarkedRan(item.row())));
        }
        String from = Engine.currentTag(s.history());
        String to = tag != null ? tag : tagAfter(s, items.size());
        return new RollbackPlan(s.schema(), from, to, steps);
    }

    /** The tag that is current once the last {@code count} changesets are undone. */
    private static String tagAfter(LiquibaseSession s, int count) throws Exception {
        var history = s.history();
        return Engine.currentTag(history.subList(0, history.size() - count));
    }

    private void checkCount(int count) {
        if (count < 1) {
            throw engine.invalid("the count of changesets to roll back must be at least 1, not " + count);
        }
    }

    private void checkMarkedRan(MarkedRanPolicy markedRan) {
        if (markedRan == null) {
            throw engine.invalid("the policy for marked-ran steps is null. Use MarkedRanPolicy.REFUSE (the default) or "
                    + "MarkedRanPolicy.UNDO");
        }
    }

    private void checkPolicy(DataPolicy policy) {
        if (policy == null) {
            throw engine.invalid("the data policy is null. Use DataPolicy.ARCHIVE (the default) or DataPolicy.DISCARD");
        }
    }
}
