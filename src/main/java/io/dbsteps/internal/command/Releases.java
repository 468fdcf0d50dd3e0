package io.dbsteps.internal.command;

import io.dbsteps.internal.config.ReleaseConnection;
import io.dbsteps.internal.liquibase.TagRule;

import io.dbsteps.internal.failure.Failures;

import io.dbsteps.DbSteps;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.HealthCheck;
import io.dbsteps.ReleaseResult;
import io.dbsteps.RollbackResult;
import io.dbsteps.UpdateResult;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.HistoryTable;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.StepRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;

/**
 * A release with a safety net. Under the schema's lock, held from start to end on one connection
 * ({@link ReleaseConnection}): refuse unless every pending step can be undone, record the intent (pre-release tag and
 * target, {@link ReleaseRecord}) in the database, update, ask the host whether the release works, and return to the
 * pre-release tag if the update or the check fails. A run that finds the same release recorded but unverified (its
 * process died or was stopped) finishes that release's guard instead of starting a new one.
 */
public final class Releases {
    private final Settings settings;

    public Releases(Settings settings) {
        this.settings = settings;
    }

    /** What the release works from, decided under the lock. */
    private record Start(ReleaseRecord.Entry entry, boolean resumed, String currentTag) {
    }

    public ReleaseResult release(String tag, HealthCheck check, Duration timeout) {
        long start = System.nanoTime();
        ReleaseRecord records = new ReleaseRecord(settings.changelog().releaseTable());
        try (ReleaseConnection connection = new ReleaseConnection(settings.source(), settings.lockWait())) {
            Settings held = settings.on(connection).allowingUnverified();
            Updates updates = new Updates(held);
            boolean[] locked = {false};
            try {
                Start begun = LiquibaseSession.run(held, "guarded release of " + tag,
                        s -> begin(s, tag, records, locked));
                if (begun.entry() == null) {
                    return new ReleaseResult(settings.schema(), tag, begun.currentTag(),
                            ReleaseResult.Outcome.NOTHING_TO_DO, null, null, null, Elapsed.since(start), false);
                }
                return guard(begun, tag, check, timeout, held, updates, records, connection, start);
            } finally {
                connection.letGoOfLock();
                if (locked[0]) {
                    LiquibaseSession.run(held, "end of the release of " + tag, s -> null); // releases the lock
                }
            }
        }
    }

    private ReleaseResult guard(Start begun, String tag, HealthCheck check, Duration timeout, Settings held,
            Updates updates, ReleaseRecord records, ReleaseConnection connection, long start) {
        ReleaseRecord.Entry entry = begun.entry();
        try (ShutdownGuard shutdown = new ShutdownGuard(settings.schema(), tag)) {
            UpdateResult update = null;
            String reason = null;
            if (shutdown.stopping()) {
                reason = "the process was asked to stop before the update";
            } else {
                try {
                    update = updates.updateTo(tag);
                } catch (DbStepsException e) {
                    reason = "the update failed: " + e.getMessage();
                }
            }
            if (reason == null && shutdown.stopping()) {
                reason = "the process was asked to stop after the update, before the health check";
            }
            if (reason == null) {
                reason = HealthCheckRun.run(check, timeout, settings.source(), shutdown);
            }
            if (reason == null) {
                end(records, connection, entry, ReleaseRecord.VERIFIED, tag);
                return new ReleaseResult(settings.schema(), tag, entry.preTag(), ReleaseResult.Outcome.RELEASED, null,
                        update, null, Elapsed.since(start), begun.resumed());
            }
            RollbackResult rollback;
            try {
                rollback = rollBack(held, entry.preTag());
            } catch (DbStepsException e) {
                throw new DbStepsException(e.code(), "Schema " + settings.schema() + ": the release of " + tag
                        + " failed (" + reason + "), and so did its rollback to " + safe(entry.preTag()) + ": "
                        + e.getMessage() + " The release stays recorded as unverified: rerun the release of " + tag
                        + " to finish its guard, or roll back to " + safe(entry.preTag()) + ".", e);
            }
            end(records, connection, entry, ReleaseRecord.ROLLED_BACK, tag);
            return new ReleaseResult(settings.schema(), tag, entry.preTag(), ReleaseResult.Outcome.ROLLED_BACK, reason,
                    update, rollback, Elapsed.since(start), begun.resumed());
        }
    }

    private static String safe(String preTag) {
        return preTag == null ? "an empty schema" : "tag " + preTag;
    }

    private void end(ReleaseRecord records, ReleaseConnection connection, ReleaseRecord.Entry entry, String state,
            String tag) {
        try {
            records.end(connection.connection(), entry.id(), state);
        } catch (java.sql.SQLException e) {
            throw Failures.translate(e, settings.schema(), "record of the end of the release of " + tag, null,
                    settings.source().mask());
        }
    }

    private static RollbackResult rollBack(Settings held, String preTag) {
        Rollbacks rollbacks = new Rollbacks(held, new Arguments(held));
        if (preTag != null) {
            return rollbacks.to(preTag, DataPolicy.ARCHIVE);
        }
        int applied = LiquibaseSession.run(held, "guarded release", s -> s.history().size());
        return applied == 0 ? new RollbackResult(held.schema(), null, null, List.of(), List.of(), Duration.ZERO)
                : rollbacks.count(applied, DataPolicy.ARCHIVE);
    }

    /**
     * Decides, under the lock, what the release does: resume an unverified run of it, do nothing (already there and
     * verified), or start (checked, pre-release state tagged, intent recorded). Refusals change nothing; those that
     * need no lock come before it, so that they create nothing either.
     */
    private static Start begin(LiquibaseSession s, String tag, ReleaseRecord records, boolean[] locked)
            throws Exception {
        Updates.refuseTagLiquibaseWouldMiss(s, tag);
        if (TagRule.appliedIndex(tag, s.history()) < 0) {
            checkReversible(s, tag);
        }
        s.lockAndRereadHistory();
        locked[0] = true;
        List<RanChangeSet> history = s.history();
        var open = records.open(s.connection(), history);
        if (open.isPresent()) {
            ReleaseRecord.Entry e = open.get();
            if (!TagRule.matchesDeclared(tag, e.target())) {
                throw new DbStepsException(ErrorCode.UNVERIFIED_RELEASE, "Schema " + s.schema() + ": the release of "
                        + tag + " was refused, nothing was changed: " + e.asUnverified().describe() + ". Rerun the "
                        + "release of " + e.target() + " to finish its health check, or roll back to "
                        + safe(e.preTag()) + " (rollback --to " + e.preTag() + "), then release " + tag + ".");
            }
            return new Start(e, true, History.currentTag(history));
        }
        int applied = TagRule.appliedIndex(tag, history);
        if (applied >= 0) {
            RanChangeSet last = history.get(history.size() - 1);
            if (TagRule.matchesApplied(tag, last.getTag())) {
                return new Start(null, false, last.getTag()); // already there, and verified
            }
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + s.schema() + ": the release of " + tag
                    + " was refused, nothing was changed: tag " + history.get(applied).getTag() + " is already applied "
                    + "and the database is past it (at " + describeState(history) + "). A release only goes forward; "
                    + "to go back to " + tag + ", run rollback --to " + tag + " (DbSteps.rollbackTo).");
        }
        checkReversible(s, tag); // again, on the history read under the lock
        String preTag = null;
        if (!history.isEmpty()) {
            RanChangeSet last = history.get(history.size() - 1);
            preTag = last.getTag();
            if (preTag == null) {
                String safe = "pre-" + tag;
                if (TagRule.appliedIndex(safe, history) >= 0) {
                    throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + s.schema() + ": tag '" + safe
                            + "' already marks an earlier state; roll back to it, or release from that state, before "
                            + "releasing " + tag + " again. Nothing was changed.");
                }
                HistoryTable.tag(s.database(), last, safe);
                preTag = safe;
            }
        }
        return new Start(records.start(s.connection(), tag, preTag), false, preTag);
    }

    private static String describeState(List<RanChangeSet> history) {
        String current = History.currentTag(history);
        RanChangeSet last = history.get(history.size() - 1);
        return last.getTag() != null ? "tag " + last.getTag()
                : "changeset " + last.getId() + (current == null ? "" : ", after tag " + current);
    }

    /** Refuses the release if a pending changeset up to the tag has no rollback: a failure could not be undone. */
    private static void checkReversible(LiquibaseSession s, String tag) throws Exception {
        ShouldRunChangeSetFilter pending = new ShouldRunChangeSetFilter(s.database());
        List<String> irreversible = new ArrayList<>();
        for (ChangeSet cs : s.applicableChangeSets()) {
            if (pending.accepts(cs).isAccepted() && !cs.supportsRollback(s.database())) {
                irreversible.add(cs.toString(false));
            }
            if (TagRule.matchesDeclared(tag, StepRecorder.tagOf(cs))) {
                break;
            }
        }
        if (!irreversible.isEmpty()) {
            throw new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, "Schema " + s.schema() + ": the release of "
                    + tag + " was refused before anything ran: these pending changesets have no rollback, so a "
                    + "failed release could not be undone: " + String.join(", ", irreversible)
                    + ". Add rollback blocks to them.");
        }
    }
}
