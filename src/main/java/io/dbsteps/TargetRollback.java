package io.dbsteps;

import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.Failures;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A fleet rollback of one target to a tag, under the target's {@link FleetLock}: left alone if its newest changeset
 * carries the tag, otherwise {@link DbSteps#rollbackTo(String)}, planned first and archiving what it drops. A
 * {@link FleetRecord} an interrupted fleet update left is dropped once the target is at the tag, since that is a
 * state the fleet chose.
 */
final class TargetRollback {
    private TargetRollback() {
    }

    static TargetResult run(FleetTarget target, String tag) {
        long start = System.nanoTime();
        String from = null;
        try (ConnectionSource.Lease lease = target.open()) {
            Connection c = lease.connection();
            c.setAutoCommit(true);
            Settings s = target.on(c);
            try (FleetLock lock = FleetLock.take(target, s, c)) {
                DbSteps db = new DbSteps(s);
                HistoryResult h = db.history();
                from = h.currentTag();
                List<AppliedChange> rows = h.applied();
                boolean recorded = FleetRecord.read(c, s).isPresent();
                if (!rows.isEmpty() && tag.equalsIgnoreCase(rows.get(rows.size() - 1).tag())) {
                    if (recorded) {
                        FleetRecord.clear(c, s);
                    }
                    return target.result(TargetResult.Outcome.ALREADY_AT_GOAL, from, from, 0, start, null,
                            "at tag " + tag + "; nothing to roll back");
                }
                RollbackResult r = db.rollbackTo(tag);
                if (recorded) {
                    FleetRecord.clear(c, s);
                }
                return target.result(TargetResult.Outcome.REACHED, r.fromTag(), r.toTag(), r.steps().size(), start,
                        null, r.steps().size() + " changesets rolled back" + (r.archives().isEmpty() ? ""
                                : "; dropped data archived in " + String.join(", ",
                                r.archives().stream().map(Archive::archiveTable).toList())));
            }
        } catch (DbStepsException e) {
            return target.failed(e, start, from, null);
        } catch (SQLException e) {
            return target.failed(Failures.connection(target.settings().schema(), target.name(), e, target.mask()),
                    start, from, null);
        }
    }
}
