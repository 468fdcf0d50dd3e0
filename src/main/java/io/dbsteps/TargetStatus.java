package io.dbsteps;

import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.fastpath.UpToDateCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A fleet status of one target: the fast path's one query if the target is at the head, otherwise
 * {@link DbSteps#status()}. Takes no lock and changes nothing. A {@link FleetRecord} left by an interrupted fleet
 * update is mentioned, since the next fleet update finishes that target.
 */
final class TargetStatus {
    private TargetStatus() {
    }

    static TargetResult run(FleetTarget target) {
        long start = System.nanoTime();
        try (ConnectionSource.Lease lease = target.open()) {
            Connection c = lease.connection();
            c.setAutoCommit(true);
            Settings s = target.on(c);
            Optional<UpdateResult> fast = UpToDateCheck.check(s, c);
            if (fast.isPresent()) {
                return target.result(TargetResult.Outcome.ALREADY_AT_GOAL, fast.get().toTag(), fast.get().toTag(), 0,
                        start, null, "at the head");
            }
            StatusResult status = new DbSteps(s).status();
            if (status.upToDate()) {
                return target.result(TargetResult.Outcome.ALREADY_AT_GOAL, status.currentTag(), status.currentTag(),
                        0, start, null, "at the head");
            }
            boolean interrupted = FleetRecord.read(c, s).isPresent();
            return target.result(TargetResult.Outcome.BEHIND, status.currentTag(), status.currentTag(),
                    status.pending().size(), start, null, status.pending().size() + " changesets pending"
                            + (interrupted ? "; a fleet update was interrupted on this target (or is running on it "
                            + "now), and the next fleet update finishes it or rolls it back" : ""));
        } catch (DbStepsException e) {
            return target.failed(e, start, null, null);
        } catch (SQLException e) {
            return target.failed(Failures.connection(target.settings().schema(), target.name(), e, target.mask()),
                    start, null, null);
        }
    }
}
