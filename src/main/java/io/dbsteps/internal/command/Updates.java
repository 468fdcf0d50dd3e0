package io.dbsteps.internal.command;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.UnverifiedRelease;
import io.dbsteps.UpdateResult;
import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.ChangelogManifest;
import io.dbsteps.internal.jdbc.DeploymentIds;
import io.dbsteps.internal.fastpath.Manifests;
import io.dbsteps.internal.fastpath.UpToDateCheck;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagRule;
import io.dbsteps.internal.ownership.UpdateGuard;
import java.util.List;
import java.util.Optional;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;
import liquibase.command.core.UpdateCountCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;

/**
 * The update commands behind {@link io.dbsteps.DbSteps}: update, to a tag, by a count. Each opens a
 * {@link LiquibaseSession}, checks its arguments against the changelog and the history before anything runs, lets
 * Liquibase do the work through dbsteps' hooks, and reads the history again to build its result.
 */
public final class Updates {
    private final Settings settings;
    private final Arguments arguments;

    public Updates(Settings settings) {
        this.settings = settings;
        this.arguments = new Arguments(settings);
    }

    /**
     * The full update, on a connection the caller holds (the fast check's). The compiled path runs first
     * ({@link CompiledUpdate}): when it applies, the plain changesets run without Liquibase, and whatever it leaves
     * goes through Liquibase here.
     */
    public UpdateResult update(ConnectionSource.Lease lease) {
        long start = System.nanoTime();
        return compiledFirst(CompiledUpdate.run(settings, lease.connection(), null), start,
                () -> throughLiquibase(lease, start));
    }

    /**
     * An update whose compiled part ran first: done if it finished, else the rest through Liquibase, one result and
     * one deployment for both.
     */
    private UpdateResult compiledFirst(Optional<CompiledUpdate.Outcome> compiled, long start,
            java.util.function.Supplier<UpdateResult> throughLiquibase) {
        if (compiled.isPresent() && compiled.get().finished()) {
            CompiledUpdate.Outcome o = compiled.get();
            return new UpdateResult(settings.schema(), o.fromTag(), o.toTag(), o.steps(), Elapsed.since(start));
        }
        List<io.dbsteps.Step> before = compiled.map(CompiledUpdate.Outcome::steps).orElse(List.of());
        if (!before.isEmpty()) {
            DeploymentIds.continueWith(compiled.get().deploymentId()); // one update, one deployment
        }
        UpdateResult rest;
        try {
            rest = throughLiquibase.get();
        } catch (DbStepsException e) {
            throw before.isEmpty() ? e : afterCompiledSteps(e, before);
        } finally {
            DeploymentIds.forget();
        }
        if (compiled.isEmpty()) {
            return rest;
        }
        List<io.dbsteps.Step> steps = new java.util.ArrayList<>(before);
        steps.addAll(rest.steps());
        return new UpdateResult(settings.schema(), compiled.get().fromTag(), rest.steps().isEmpty()
                ? compiled.get().toTag() : rest.toTag(), steps, Elapsed.since(start));
    }

    /**
     * A failure of the Liquibase part of an update whose first changesets ran on the compiled path: those stay
     * applied, and the message says so instead of claiming nothing changed.
     */
    private DbStepsException afterCompiledSteps(DbStepsException e, List<io.dbsteps.Step> applied) {
        String names = applied.stream().map(io.dbsteps.Step::id).collect(java.util.stream.Collectors.joining(", "));
        String message = e.getMessage().replace("nothing was changed", "nothing more was changed")
                .replace("Nothing was changed", "Nothing more was changed")
                .replace("before anything ran", "before anything more ran")
                + " Before that, this update applied " + applied.size() + " changeset" + (applied.size() == 1 ? "" : "s")
                + " (" + names + "), which stay applied.";
        return new DbStepsException(e.code(), message, e);
    }

    /**
     * The full update through Liquibase. Once it has the lock it checks again: when many processes start at once,
     * all but the first find the database up to date after their wait, and skip Liquibase's own check.
     */
    private UpdateResult throughLiquibase(ConnectionSource.Lease lease, long start) {
        return LiquibaseSession.run(settings, "update", lease, s -> {
            UpdateGuard.check(s, "update", null, 0);
            s.lock();
            Optional<UpdateResult> current = UpToDateCheck.check(settings, lease.connection(), false);
            if (current.isPresent()) {
                return current.get();
            }
            UpdateResult result = updated(s, start, "update", s.command("update", DataPolicy.ARCHIVE), null, 0);
            learnManifest(s);
            return result;
        });
    }

    /**
     * After a full update of a changelog that ships no manifest for this configuration (contexts and parameters),
     * later updates in this JVM with the same configuration can take the fast path.
     */
    private void learnManifest(LiquibaseSession s) throws Exception {
        String dbms = s.database().getShortName();
        if (ChangelogManifest.shipped(settings.classLoader(), settings.changelog().path(), dbms, settings.contexts(),
                settings.parameters()).isEmpty()) {
            ChangelogManifest.learn(settings.classLoader(), settings.changelog().path(), dbms, settings.contexts(),
                    settings.parameters(), Manifests.of(s.applicableChangeSets()));
        }
    }

    /**
     * Every pending changeset, under the guards of the other updates (no fast path: a release runs it); the compiled
     * path first, as for {@link #update}.
     */
    public UpdateResult updateAll() {
        long start = System.nanoTime();
        try (ConnectionSource.Lease lease = settings.source().open()) {
            return compiledFirst(CompiledUpdate.run(settings, lease.connection(), null), start,
                    () -> runUpdate(lease, "update", s -> s.command("update", DataPolicy.ARCHIVE), null, 0));
        }
    }

    /** Up to a tag: the compiled path first, as for {@link #update}, when a pending compiled changeset declares it. */
    public UpdateResult updateTo(String tag) {
        arguments.checkTagName(tag);
        long start = System.nanoTime();
        try (ConnectionSource.Lease lease = settings.source().open()) {
            return compiledFirst(CompiledUpdate.run(settings, lease.connection(), tag), start,
                    () -> runUpdate(lease, "update to tag " + tag, s -> {
                        refuseTagLiquibaseWouldMiss(s, tag);
                        return s.command("updateToTag", DataPolicy.ARCHIVE)
                                .addArgumentValue(UpdateToTagCommandStep.TAG_ARG, tag);
                    }, tag, 0));
        }
    }

    /**
     * Refuses, before anything runs, a tag that Liquibase's updateToTag would not find: it would then apply the whole
     * changelog. Found means applied (any case) or declared by a pending {@code tagDatabase} exactly.
     */
    public static void refuseTagLiquibaseWouldMiss(LiquibaseSession s, String tag) throws Exception {
        List<ChangeSet> applicable = s.applicableChangeSets();
        if (TagRule.appliedIndex(tag, s.history()) < 0 && TagRule.declared(tag, applicable).isEmpty()) {
            throw TagRule.unknown(s.schema(), tag, applicable);
        }
    }

    public UpdateResult updateCount(int count) {
        if (count < 1) {
            throw arguments.invalid("the count of changesets to apply must be at least 1, not " + count);
        }
        long start = System.nanoTime();
        try (ConnectionSource.Lease lease = settings.source().open()) {
            Optional<CompiledUpdate.Outcome> compiled = CompiledUpdate.runCount(settings, lease.connection(), count);
            int rest = count - compiled.map(o -> o.steps().size()).orElse(0);
            return compiledFirst(compiled, start, () -> runUpdate(lease, "update of " + rest + " changesets",
                    s -> s.command("updateCount", DataPolicy.ARCHIVE)
                            .addArgumentValue(UpdateCountCommandStep.COUNT_ARG, rest), null, rest));
        }
    }

    /** Prepares the Liquibase command of an update; may refuse by throwing. */
    private interface CommandFactory {
        liquibase.command.CommandScope create(LiquibaseSession session) throws Exception;
    }

    private UpdateResult runUpdate(String action, CommandFactory factory, String tag, int count) {
        try (ConnectionSource.Lease lease = settings.source().open()) {
            return runUpdate(lease, action, factory, tag, count);
        }
    }

    private UpdateResult runUpdate(ConnectionSource.Lease lease, String action, CommandFactory factory, String tag,
            int count) {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, action, lease, s -> {
            liquibase.command.CommandScope command = factory.create(s);
            UpdateGuard.check(s, action, tag, count);
            return updated(s, start, action, command, tag, count);
        });
    }

    /**
     * Refuses an update that would apply changesets on top of an unverified release, unless the configuration allows
     * it. An update with nothing to apply builds nothing and goes on.
     */
    private static void refuseToBuildOnUnverified(LiquibaseSession s) throws Exception {
        if (s.settings().allowUnverified()) {
            return;
        }
        UnverifiedRelease open = History.unverified(s);
        if (open == null) {
            return;
        }
        ShouldRunChangeSetFilter pending = new ShouldRunChangeSetFilter(s.database());
        for (ChangeSet cs : s.applicableChangeSets()) {
            if (pending.accepts(cs).isAccepted()) {
                throw new DbStepsException(ErrorCode.UNVERIFIED_RELEASE, "Schema " + s.schema() + ": update refused, "
                        + "nothing was changed: " + open.describe() + ", so the database may still go back to "
                        + (open.preReleaseTag() == null ? "empty" : "tag " + open.preReleaseTag()) + ". Rerun the "
                        + "release of " + open.target() + " to finish its health check (it rolls back if the check "
                        + "fails), or roll back to " + open.preReleaseTag() + "; to build on it anyway, allow it "
                        + "explicitly (allowUnverifiedRelease(true), --allow-unverified).");
            }
        }
    }

    /**
     * Runs an update command under the lock. The guards ran before the lock (so that a refusal creates nothing, not
     * even the lock's table); if the history changed while waiting for the lock, they run again.
     */
    private static UpdateResult updated(LiquibaseSession s, long start, String action,
            liquibase.command.CommandScope command, String tag, int count) throws Exception {
        int seen = s.history().size();
        s.lockAndRereadHistory();
        if (s.history().size() != seen) {
            UpdateGuard.check(s, action, tag, count);
        }
        refuseToBuildOnUnverified(s);
        String from = History.currentTag(s.history());
        // Liquibase caches "up to date" per URL and changelog for the whole JVM, and only its own history writes clear
        // it. dbsteps' rollbacks change the history behind its back, so a cached answer could skip every changeset a
        // rollback just undid. dbsteps has its own up-to-date check; Liquibase's cache is dropped before each update.
        liquibase.Scope.getCurrentScope().getSingleton(liquibase.changelog.FastCheckService.class).clearCache();
        command.execute();
        s.verifyForeignKeys(action);
        s.refreshHistory();
        return new UpdateResult(s.schema(), from, History.currentTag(s.history()), s.recorder().steps(), Elapsed.since(start));
    }
}
