package io.dbsteps.internal.command;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;

/**
 * A release with a safety net: refuse unless every pending step can be undone, mark where the database stands,
 * update, ask the host whether the release works, and return to where it stood if the update or the check fails.
 */
public final class Releases {
    private final Settings settings;
    private final Engine engine;
    private final Rollbacks rollbacks;

    public Releases(Settings settings, Engine engine, Rollbacks rollbacks) {
        this.settings = settings;
        this.engine = engine;
        this.rollbacks = rollbacks;
    }

    public ReleaseResult release(String tag, HealthCheck check, Duration timeout) {
        engine.checkTagName(tag);
        if (check == null || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw engine.invalid("a guarded release needs a health check and a positive timeout");
        }
        long start = System.nanoTime();
        String safeTag = prepare(tag);
        UpdateResult update;
        String reason = null;
        try {
            update = engine.updateTo(tag);
        } catch (DbStepsException e) {
            update = null;
            reason = "the update failed: " + e.getMessage();
        }
        if (reason == null) {
            reason = runCheck(check, timeout);
        }
        if (reason == null) {
            return new ReleaseResult(settings.schema(), tag, safeTag, ReleaseResult.Outcome.RELEASED, null, update, null,
                    Engine.since(start));
        }
        RollbackResult rollback = safeTag != null ? rollbacks.to(safeTag, DataPolicy.ARCHIVE) : rollbackEverything();
        return new ReleaseResult(settings.schema(), tag, safeTag, ReleaseResult.Outcome.ROLLED_BACK, reason, update,
                rollback, Engine.since(start));
    }

    /**
     * Checks that every changeset up to the tag can be undone, and returns the tag of the current state, tagging it
     * {@code pre-<tag>} if it has none. Changes nothing but that tag.
     */
    private String prepare(String tag) {
        return LiquibaseSession.run(settings, "guarded release of " + tag, s -> {
            List<String> tags = Engine.releaseTags(s);
            if (tags.stream().noneMatch(tag::equalsIgnoreCase)) {
                throw new DbStepsException(ErrorCode.UNKNOWN_TAG, "Schema " + s.schema() + ": tag '" + tag
                        + "' is not a release tag of this changelog. Its release tags are " + tags + ".");
            }
            ShouldRunChangeSetFilter pending = new ShouldRunChangeSetFilter(s.database());
            List<String> irreversible = new ArrayList<>();
            for (ChangeSet cs : s.applicableChangeSets()) {
                if (pending.accepts(cs).isAccepted() && !cs.supportsRollback(s.database())) {
                    irreversible.add(cs.toString(false));
                }
                if (tag.equalsIgnoreCase(StepRecorder.tagOf(cs))) {
                    break;
                }
            }
            if (!irreversible.isEmpty()) {
                throw new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, "Schema " + s.schema() + ": the release of "
                        + tag + " was refused before anything ran: these pending changesets have no rollback, so a "
                        + "failed release could not be undone: " + String.join(", ", irreversible)
                        + ". Add rollback blocks to them.");
            }
            if (s.history().isEmpty()) {
                return null; // nothing to tag; the checks above wrote nothing, not even the lock's table
            }
            s.lockAndRereadHistory();
            List<RanChangeSet> history = s.history();
            RanChangeSet last = history.get(history.size() - 1);
            if (last.getTag() != null) {
                return last.getTag();
            }
            String safe = "pre-" + tag;
            if (history.stream().anyMatch(r -> safe.equalsIgnoreCase(r.getTag()))) {
                throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + s.schema() + ": tag '" + safe
                        + "' already marks an earlier state; roll back to it, or release from that state, before "
                        + "releasing " + tag + " again.");
            }
            HistoryTable.tag(s.database(), last, safe);
            return safe;
        });
    }

    /** Null if the check passes within the timeout; otherwise why it did not. */
    private static String runCheck(HealthCheck check, Duration timeout) {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dbsteps-health-check");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Boolean> answer = runner.submit(check::healthy);
            try {
                return Boolean.TRUE.equals(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS))
                        ? null : "the health check reported the release unhealthy";
            } catch (TimeoutException e) {
                answer.cancel(true);
                return "the health check did not answer within " + timeout.toMillis() + " ms";
            } catch (java.util.concurrent.ExecutionException e) {
                return "the health check failed: " + e.getCause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the health check was interrupted";
        } finally {
            runner.shutdownNow();
        }
    }

    private RollbackResult rollbackEverything() {
        int applied = LiquibaseSession.run(settings, "guarded release", s -> s.history().size());
        return applied == 0 ? new RollbackResult(settings.schema(), null, null, List.of(), List.of(), Duration.ZERO)
                : rollbacks.count(applied, DataPolicy.ARCHIVE);
    }
}
