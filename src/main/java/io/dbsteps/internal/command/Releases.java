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
import io.dbsteps.internal.ownership.PendingChanges;
import java.time.Duration;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;

/**
 * A release with a safety net. Under the schema's lock, held from start to end on one connection
 * ({@link ReleaseConnection}): refuse unless every pending step can be undone, record the intent (pre-release tag and
 * target, {@link ReleaseRecord}) in the database, update, ask the host whether the release works, and return to the
 * pre-release tag if the update or the check fails. A run that finds the same release recorded but unverified (its
 * process died or was stopped) finishes that release's guard instead of starting a new one. The update and the
 * rollback take the compiled path where it applies ({@link CompiledUpdate}, {@link CompiledRollback}), under the lock
 * the release holds; the checks and records around them read the changelog through Liquibase.
 */
public final class Releases {
    private final Settings settings;

    public Releases(Settings settings) {
        this.settings = settings;
    }

    /** What the release works from, decided under the lock. */
    private record Start(ReleaseRecord.Entry entry, boolean resumed, String currentTag) {
    }

    /** A release to a tag the changelog declares. */
    public ReleaseResult release(String tag, HealthCheck check, Duration timeout) {
        return release(tag, false, check, timeout);
    }

    /**
     * A release of every pending changeset, whose resulting state then takes the name: for changelogs that declare
     * no release tags. The name must be new: neither a tag of the changelog nor a name of a state in the history.
     */
    public ReleaseResult releaseHead(String name, HealthCheck check, Duration timeout) {
        return release(name, true, check, timeout);
    }

    private ReleaseResult release(String tag, boolean head, HealthCheck check, Duration timeout) {
        long start = System.nanoTime();
        ReleaseRecord records = new ReleaseRecord(settings.changelog().releaseTable());
        try (ReleaseConnection connection = new ReleaseConnection(settings.source(), settings.lockWait())) {
            Settings held = settings.on(connection).allowingUnverified();
            Updates updates = new Updates(held);
            boolean[] locked = {false};
            try {
                Start begun = LiquibaseSession.run(held, "guarded release of " + tag,
                        s -> begin(s, tag, head, records, locked));
                if (begun.entry() == null) {
                    return new ReleaseResult(settings.schema(), tag, begun.currentTag(),
                            ReleaseResult.Outcome.NOTHING_TO_DO, null, null, null, Elapsed.since(start), false);
                }
                return guard(begun, tag, head, check, timeout, held, updates, records, connection, start);
            } finally {
                connection.letGoOfLock();
                if (locked[0]) {
                    LiquibaseSession.run(held, "end of the release of " + tag, s -> null); // releases the lock
                }
            }
        }
    }

    private ReleaseResult guard(Start begun, String tag, boolean head, HealthCheck check, Duration timeout, Settings held,
            Updates updates, ReleaseRecord records, ReleaseConnection connection, long start) {
        ReleaseRecord.Entry entry = begun.entry();
        try (ShutdownGuard shutdown = new ShutdownGuard(settings.schema(), tag)) {
            UpdateResult update = null;
            String reason = null;
            if (shutdown.stopping()) {
                reason = "the process was asked to stop before the update";
            } else {
                try {
                    update = head ? updates.updateAll() : updates.updateTo(tag);
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
                if (head) {
                    LiquibaseSession.run(held, "naming of the release " + tag, s -> nameIfNew(s, tag));
                }
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

    /** Names the released state; a run that finishes an earlier run's guard may find it named already. */
    private static Void nameIfNew(LiquibaseSession s, String name) throws Exception {
        s.lockAndRereadHistory();
        if (Tags.namedState(s, name).isEmpty()) {
            Tags.nameCurrentState(s, name);
        }
        return null;
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
    private static Start begin(LiquibaseSession s, String tag, boolean head, ReleaseRecord records, boolean[] locked)
            throws Exception {
        if (head) {
            refuseNameOfTheChangelog(s, tag);
            checkReversible(s, null, tag);
        } else {
            Updates.refuseTagLiquibaseWouldMiss(s, tag);
            if (TagRule.appliedIndex(tag, s.history()) < 0) {
                checkReversible(s, tag, tag);
            }
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
        if (head) {
            Start done = headAlreadyReleased(s, tag, history);
            if (done != null) {
                return done;
            }
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
        checkReversible(s, head ? null : tag, tag); // again, on the history read under the lock
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

    /**
     * A name for the head must be new. Refused when a tag of the changelog has it (that release is
     * {@code release --to}), or when a state in the history has it; unless that state is the current one and nothing
     * is pending: the release is done. With nothing pending and the name new, the current state takes the name and
     * nothing runs.
     */
    private static Start headAlreadyReleased(LiquibaseSession s, String name, List<RanChangeSet> history)
            throws Exception {
        boolean pending = !PendingChanges.of(s, null, 0).isEmpty();
        java.util.Optional<Integer> named = Tags.namedState(s, name);
        if (named.isPresent()) {
            if (named.get() == history.size() && !pending) {
                return new Start(null, false, name);
            }
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + s.schema() + ": the release of the "
                    + "changelog's head as " + name + " was refused, nothing was changed: the name already marks "
                    + (named.get() == history.size() ? "the current state, and changesets are pending" : "an earlier "
                    + "state") + ". Name this release anew; to go back to " + name + ", run rollback --to " + name
                    + ".");
        }
        if (!pending) {
            Tags.nameCurrentState(s, name);
            return new Start(null, false, name);
        }
        return null;
    }

    private static void refuseNameOfTheChangelog(LiquibaseSession s, String name) throws Exception {
        List<ChangeSet> applicable = s.applicableChangeSets();
        if (TagRule.declared(name, applicable).isPresent() || !TagRule.caseVariants(name, applicable).isEmpty()) {
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + s.schema() + ": the release of the "
                    + "changelog's head as " + name + " was refused, nothing was changed: the changelog declares a "
                    + "release tag of that name. Release to it with release --to (DbSteps.release), or choose "
                    + "another name.");
        }
    }

    private static String describeState(List<RanChangeSet> history) {
        String current = History.currentTag(history);
        RanChangeSet last = history.get(history.size() - 1);
        return last.getTag() != null ? "tag " + last.getTag()
                : "changeset " + last.getId() + (current == null ? "" : ", after tag " + current);
    }

    /**
     * Refuses the release {@code name} if a pending changeset up to the tag {@code stopAt} (or, with none, any pending
     * changeset) has no rollback: a failure could not be undone.
     */
    private static void checkReversible(LiquibaseSession s, String stopAt, String name) throws Exception {
        List<String> irreversible = PendingChanges.of(s, stopAt, 0).stream()
                .filter(cs -> !cs.supportsRollback(s.database())).map(cs -> cs.toString(false)).toList();
        if (!irreversible.isEmpty()) {
            throw new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, "Schema " + s.schema() + ": the release of "
                    + name + " was refused before anything ran: these pending changesets have no rollback, so a "
                    + "failed release could not be undone: " + String.join(", ", irreversible)
                    + ". Add rollback blocks to them.");
        }
    }
}
