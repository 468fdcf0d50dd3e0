package io.dbsteps.internal.command;

import io.dbsteps.internal.ownership.UpdateGuard;

import io.dbsteps.internal.liquibase.TagAliases;
import io.dbsteps.internal.liquibase.TagRule;


import io.dbsteps.UnverifiedRelease;

import io.dbsteps.AppliedChange;
import io.dbsteps.ArchiveEntry;
import io.dbsteps.DataPolicy;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.HistoryResult;
import io.dbsteps.PendingChange;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.StatusResult;
import io.dbsteps.TagResult;
import io.dbsteps.UpdateResult;
import io.dbsteps.ValidationResult;
import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.Action;
import io.dbsteps.internal.fastpath.ChangelogManifest;
import io.dbsteps.internal.fastpath.Manifests;
import io.dbsteps.internal.fastpath.UpToDateCheck;
import io.dbsteps.internal.liquibase.HistoryTable;
import io.dbsteps.internal.undo.ArchiveRegistry;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.StepRecorder;
import io.dbsteps.internal.schema.ExpectedSchemas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;
import liquibase.command.core.UpdateCountCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;

/**
 * The commands behind {@link DbSteps}, rollbacks aside (see {@link Rollbacks}). Each one opens a
 * {@link LiquibaseSession}, checks its arguments against the changelog and the history before anything runs, lets
 * Liquibase do the work through dbsteps' hooks, and reads the history again to build its result.
 */
public final class Engine {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Settings settings;

    public Engine(Settings settings) {
        this.settings = settings;
    }

    /**
     * The full update, on a connection the caller holds (the fast check's). Once it has the lock it checks again:
     * when many processes start at once, all but the first find the database up to date after their wait, and skip
     * Liquibase's own check.
     */
    public UpdateResult update(ConnectionSource.Lease lease) {
        long start = System.nanoTime();
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

    public UpdateResult updateTo(String tag) {
        checkTagName(tag);
        return runUpdate("update to tag " + tag, s -> {
            refuseTagLiquibaseWouldMiss(s, tag);
            return s.command("updateToTag", DataPolicy.ARCHIVE).addArgumentValue(UpdateToTagCommandStep.TAG_ARG, tag);
        }, tag, 0);
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
            throw invalid("the count of changesets to apply must be at least 1, not " + count);
        }
        return runUpdate("update of " + count + " changesets",
                s -> s.command("updateCount", DataPolicy.ARCHIVE).addArgumentValue(UpdateCountCommandStep.COUNT_ARG, count),
                null, count);
    }

    public TagResult tag(String tag) {
        checkTagName(tag);
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "tag " + tag, s -> {
            s.lockAndRereadHistory();
            List<RanChangeSet> history = s.history();
            TagAliases names = TagAliases.of(settings.changelog());
            if (TagRule.appliedIndex(tag, history) >= 0
                    || TagAliases.find(tag, names.current(s.connection(), history)).isPresent()) {
                throw invalid("tag '" + tag + "' already exists in the history. Choose another name");
            }
            if (releaseTags(s).stream().anyMatch(t -> TagRule.matchesApplied(tag, t))) { // updateToTag would stop here
                throw invalid("tag '" + tag + "' is a release tag of the changelog. Choose another name");
            }
            if (history.isEmpty()) { // the state before the first changeset: a rollback to it undoes everything
                names.add(s.connection(), tag, null);
                return new TagResult(s.schema(), tag, null, since(start));
            }
            RanChangeSet last = history.get(history.size() - 1);
            if (last.getTag() == null) {
                HistoryTable.tag(s.database(), last, tag);
            } else { // Liquibase's history holds one tag per row: a further name is dbsteps' own
                names.add(s.connection(), tag, last);
            }
            return new TagResult(s.schema(), tag, last.getId(), since(start));
        });
    }

    public StatusResult status() {
        return LiquibaseSession.run(settings, "status", s -> {
            ShouldRunChangeSetFilter pending = new ShouldRunChangeSetFilter(s.database());
            List<PendingChange> out = new ArrayList<>();
            List<String> edited = new ArrayList<>();
            List<RanChangeSet> history = s.history();
            for (ChangeSet cs : s.applicableChangeSets()) {
                if (pending.accepts(cs).isAccepted()) {
                    out.add(new PendingChange(cs.getId(), cs.getAuthor(), cs.getStoredFilePath(), cs.getDescription(),
                            StepRecorder.tagOf(cs)));
                }
                // the check validate() and update make (Liquibase's: validCheckSum honoured, a runOnChange or
                // runAlways changeset that changed runs again instead)
                history.stream().filter(r -> r.isSameAs(cs) && r.getLastCheckSum() != null
                        && !cs.isCheckSumValid(r.getLastCheckSum()) && !cs.shouldRunOnChange() && !cs.shouldAlwaysRun())
                        .findFirst()
                        .ifPresent(r -> edited.add(cs.toString(false)));
            }
            return new StatusResult(s.schema(), currentTag(history), out, unverified(s), edited);
        });
    }

    public HistoryResult history() {
        return LiquibaseSession.run(settings, "history", s -> {
            List<RanChangeSet> rows = s.history();
            List<TagAliases.Alias> names = TagAliases.of(settings.changelog()).current(s.connection(), rows);
            List<AppliedChange> out = new ArrayList<>();
            for (RanChangeSet r : rows) {
                List<String> tags = new ArrayList<>();
                if (r.getTag() != null) {
                    tags.add(r.getTag());
                }
                tags.addAll(TagAliases.namesOf(r, names));
                out.add(new AppliedChange(r.getId(), r.getAuthor(), r.getChangeLog(),
                        r.getDateExecuted() == null ? null : r.getDateExecuted().toInstant(),
                        r.getExecType() == null ? null : r.getExecType().name(), r.getTag(),
                        r.getLastCheckSum() == null ? null : r.getLastCheckSum().toString(), r.getDescription(), tags));
            }
            return new HistoryResult(s.schema(), currentTag(rows), out, unverified(s), TagAliases.ofEmptyState(names));
        });
    }

    public List<ArchiveEntry> archives() {
        return LiquibaseSession.run(settings, "archives",
                s -> ArchiveRegistry.of(settings.changelog()).list(s.connection()));
    }

    public String updateSql() {
        return LiquibaseSession.run(settings, Action.preview("update SQL preview"), s -> s.sqlOf(s.preview("updateSql")));
    }

    public SchemaSnapshot snapshot() {
        return LiquibaseSession.run(settings, "snapshot", ExpectedSchemas::live);
    }

    public ValidationResult validate() {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "validate", s -> {
            s.changeLog().validate(s.database(), s.parameters().getContexts(), s.parameters().getLabels());
            List<ChangeSet> applicable = s.applicableChangeSets();
            List<RanChangeSet> history = s.history();
            int applied = (int) applicable.stream()
                    .filter(cs -> history.stream().anyMatch(r -> r.isSameAs(cs))).count();
            return new ValidationResult(s.schema(), applicable.size(), applied, since(start));
        });
    }

    /** Prepares the Liquibase command of an update; may refuse by throwing. */
    private interface CommandFactory {
        liquibase.command.CommandScope create(LiquibaseSession session) throws Exception;
    }

    private UpdateResult runUpdate(String action, CommandFactory factory, String tag, int count) {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, action, s -> {
            liquibase.command.CommandScope command = factory.create(s);
            UpdateGuard.check(s, action, tag, count);
            return updated(s, start, action, command, tag, count);
        });
    }

    /** The guarded release whose check has not passed, if one is open; reads only. */
    public static UnverifiedRelease unverified(LiquibaseSession s) throws Exception {
        return new ReleaseRecord(s.settings().changelog().releaseTable()).open(s.connection(), s.history())
                .map(ReleaseRecord.Entry::asUnverified).orElse(null);
    }

    /**
     * Refuses an update that would apply changesets on top of an unverified release, unless the configuration allows
     * it. An update with nothing to apply builds nothing and goes on.
     */
    private static void refuseToBuildOnUnverified(LiquibaseSession s) throws Exception {
        if (s.settings().allowUnverified()) {
            return;
        }
        UnverifiedRelease open = unverified(s);
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
        String from = currentTag(s.history());
        // Liquibase caches "up to date" per URL and changelog for the whole JVM, and only its own history writes clear
        // it. dbsteps' rollbacks change the history behind its back, so a cached answer could skip every changeset a
        // rollback just undid. dbsteps has its own up-to-date check; Liquibase's cache is dropped before each update.
        liquibase.Scope.getCurrentScope().getSingleton(liquibase.changelog.FastCheckService.class).clearCache();
        command.execute();
        s.verifyForeignKeys(action);
        s.refreshHistory();
        return new UpdateResult(s.schema(), from, currentTag(s.history()), s.recorder().steps(), since(start));
    }

    public static List<String> releaseTags(LiquibaseSession s) throws Exception {
        return TagRule.declaredTags(s.applicableChangeSets());
    }

    public static String currentTag(List<RanChangeSet> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).getTag() != null) {
                return history.get(i).getTag();
            }
        }
        return null;
    }

    public void checkTagName(String tag) {
        if (tag == null || tag.isBlank()) {
            throw invalid("the tag is empty. Give a tag name such as 1.0");
        }
        if (!TAG.matcher(tag).matches()) {
            throw invalid("tag '" + printable(tag) + "' is not a valid tag name. Use letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit, at most 100 characters");
        }
    }

    public DbStepsException invalid(String why) {
        return new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + settings.schema() + ": " + why + ".");
    }

    private static String printable(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
