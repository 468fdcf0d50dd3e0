package io.dbsteps;

import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.fastpath.UpToDateCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A fleet update of one target, guarded. A target at the head takes the fast path (one query, no Liquibase, no lock).
 * Otherwise, under the target's {@link FleetLock}: the history and the pending changesets are read
 * ({@link PendingToGoal}, from the compiled form where it applies); the state to return to is the one a
 * {@link FleetRecord} left by a killed process names, or else the current one; the update is refused before anything
 * runs if a pending changeset has no rollback; the record is written; the target is updated with
 * {@link DbSteps#update()} or {@link DbSteps#updateTo(String)}; and if anything fails,
 * {@link DbSteps#rollbackCount(int)} undoes every changeset applied since that state (planned first, archiving what it
 * drops). The record is dropped once the target is at the goal or back at that state; it stays only if the rollback
 * fails too, so that the next run tries again.
 */
final class GuardedTargetUpdate {
    private GuardedTargetUpdate() {
    }

    static TargetResult run(FleetTarget target, String goal) {
        long start = System.nanoTime();
        try (ConnectionSource.Lease lease = target.open()) {
            Connection c = lease.connection();
            c.setAutoCommit(true);
            Settings s = target.on(c);
            if (goal == null) {
                Optional<UpdateResult> fast = UpToDateCheck.check(s, c);
                if (fast.isPresent()) {
                    return target.result(TargetResult.Outcome.ALREADY_AT_GOAL, fast.get().fromTag(),
                            fast.get().toTag(), 0, start, null, "at the head; nothing to apply");
                }
            }
            try (FleetLock lock = FleetLock.take(target, s, c)) {
                return guarded(target, s, c, goal, start);
            }
        } catch (DbStepsException e) {
            return target.failed(e, start, null, "Nothing was changed on this target.");
        } catch (SQLException e) {
            return target.failed(Failures.connection(target.settings().schema(), target.name(), e, target.mask()),
                    start, null, "Nothing was changed on this target.");
        }
    }

    private static TargetResult guarded(FleetTarget target, Settings s, Connection c, String goal, long start) {
        DbSteps db = new DbSteps(s);
        // reads only: where it fails, nothing was changed, and a record left by a killed process stays for the next run
        PendingToGoal plan = PendingToGoal.of(s, c, goal);
        FleetRecord.State now = FleetRecord.State.of(plan.history(), plan.currentTag());
        Optional<FleetRecord.State> left = read(target, s, c);
        // A record left by a killed process names the state to return to, as long as the history still begins with it.
        boolean resumed = left.isPresent() && left.get().begins(plan.history());
        FleetRecord.State pre = resumed ? left.get() : now;
        boolean recorded = left.isPresent();
        try {
            if (plan.pending().isEmpty()) {
                if (recorded) {
                    clear(target, s, c);
                }
                return target.result(TargetResult.Outcome.ALREADY_AT_GOAL, plan.currentTag(), plan.currentTag(),
                        0, start, null, recorded ? "at the goal; the record an interrupted fleet update left was removed"
                                : "at the goal; nothing to apply");
            }
            if (!plan.irreversible().isEmpty()) {
                throw new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, "Schema " + s.schema() + ": the fleet "
                        + "update was refused before it ran: these pending changesets have no rollback, so a failed "
                        + "update could not be undone: " + String.join(", ", plan.irreversible())
                        + ". Add rollback blocks to them.");
            }
            if (!resumed) {
                write(target, s, c, goal, pre);
                recorded = true;
            }
            UpdateResult up = goal == null ? db.update() : db.updateTo(goal);
            String note = resumed ? "finished an interrupted fleet update; " : "";
            try {
                FleetRecord.clear(c, s);
            } catch (SQLException e) {
                note += "the fleet record " + FleetRecord.table(s) + " could not be removed ("
                        + e.getMessage() + "), and is harmless; drop it by hand; ";
            }
            return target.result(TargetResult.Outcome.REACHED, pre.tag(), up.toTag(), up.steps().size(), start,
                    null, note + up.steps().size() + " changesets applied");
        } catch (DbStepsException e) {
            String state = recorded ? restore(target, s, c, db, pre)
                    : "Nothing was changed on this target.";
            return target.failed(e, start, pre.tag(), state);
        }
    }

    /** Rolls the target back to the state before the update; says what the target is left at. */
    private static String restore(FleetTarget target, Settings s, Connection c, DbSteps db, FleetRecord.State pre) {
        try {
            HistoryResult h = db.history();
            if (!pre.begins(h)) {
                return "The target was left as it is: its history no longer begins with the state before the update ("
                        + pre.describe() + "), so nothing was rolled back, and the fleet record "
                        + FleetRecord.table(s) + " stays. Look at its history, and roll it back by hand.";
            }
            int undo = h.applied().size() - pre.count();
            String archived = "";
            if (undo > 0) {
                RollbackResult r = db.rollbackCount(undo);
                if (!r.archives().isEmpty()) {
                    archived = "; the data its rollback dropped is archived in "
                            + String.join(", ", r.archives().stream().map(Archive::archiveTable).toList());
                }
            }
            FleetRecord.clear(c, s);
            return "The target was rolled back to its state before the update (" + pre.describe() + "), "
                    + undo + " changesets undone" + archived + ".";
        } catch (DbStepsException | SQLException e) {
            return "Rolling the target back to its state before the update (" + pre.describe() + ") failed too: "
                    + e.getMessage() + ". The fleet record " + FleetRecord.table(s) + " stays, so the next fleet "
                    + "update finishes the target or rolls it back again.";
        }
    }

    private static Optional<FleetRecord.State> read(FleetTarget target, Settings s, Connection c) {
        try {
            return FleetRecord.read(c, s);
        } catch (SQLException e) {
            throw recordFailure(target, s, "read", e);
        }
    }

    private static void write(FleetTarget target, Settings s, Connection c, String goal, FleetRecord.State pre) {
        try {
            FleetRecord.write(c, s, goal, pre);
        } catch (SQLException e) {
            throw recordFailure(target, s, "written", e);
        }
    }

    private static void clear(FleetTarget target, Settings s, Connection c) {
        try {
            FleetRecord.clear(c, s);
        } catch (SQLException e) {
            throw recordFailure(target, s, "removed", e);
        }
    }

    private static DbStepsException recordFailure(FleetTarget target, Settings s, String what, SQLException e) {
        return new DbStepsException(ErrorCode.DATABASE_ERROR, "Schema " + s.schema() + ": the fleet record "
                + FleetRecord.table(s) + " could not be " + what + " (" + target.mask().apply(e.getMessage())
                + "). Check that the user may create and drop tables in the target.", e);
    }
}
