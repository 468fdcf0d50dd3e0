package io.dbsteps;

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
final class Engine {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Settings settings;

    Engine(Settings settings) {
        this.settings = settings;
    }

    /**
     * The full update, on a connection the caller holds (the fast check's). Once it has the lock it checks again:
     * when many processes start at once, all but the first find the database up to date after their wait, and skip
     * Liquibase's own check.
     */
    UpdateResult update(ConnectionSource.Lease lease) {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "update", lease, s -> {
            s.lock();
            Optional<UpdateResult> current = UpToDateCheck.check(settings, lease.connection());
            if (current.isPresent()) {
                return current.get();
            }
            UpdateResult result = updated(s, start, "update", s.command("update", DataPolicy.ARCHIVE));
            learnManifest(s);
            return result;
        });
    }

    /** After a full update of a changelog that ships no manifest, later updates in this JVM can take the fast path. */
    private void learnManifest(LiquibaseSession s) throws Exception {
        String dbms = s.database().getShortName();
        if (settings.contexts().isEmpty() && settings.parameters().isEmpty()
                && ChangelogManifest.shipped(settings.classLoader(), settings.changelog().path(), dbms).isEmpty()) {
            ChangelogManifest.learn(settings.classLoader(), settings.changelog().path(), dbms,
                    ManifestWriter.of(s.applicableChangeSets()));
        }
    }

    UpdateResult updateTo(String tag) {
        checkTagName(tag);
        return runUpdate("update to tag " + tag, s -> {
            List<String> tags = releaseTags(s);
            if (tags.stream().noneMatch(tag::equalsIgnoreCase)) {
                throw new DbStepsException(ErrorCode.UNKNOWN_TAG, "Schema " + s.schema() + ": tag '" + tag
                        + "' is not a release tag of this changelog. Its release tags are " + tags + ".");
            }
            return s.command("updateToTag", DataPolicy.ARCHIVE).addArgumentValue(UpdateToTagCommandStep.TAG_ARG, tag);
        });
    }

    UpdateResult updateCount(int count) {
        if (count < 1) {
            throw invalid("the count of changesets to apply must be at least 1, not " + count);
        }
        return runUpdate("update of " + count + " changesets",
                s -> s.command("updateCount", DataPolicy.ARCHIVE).addArgumentValue(UpdateCountCommandStep.COUNT_ARG, count));
    }

    TagResult tag(String tag) {
        checkTagName(tag);
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "tag " + tag, s -> {
            if (s.history().isEmpty()) { // checked before the lock, whose table a refusal must not create
                throw invalid("nothing is applied yet, so there is nothing to tag. Run update first");
            }
            s.lockAndRereadHistory();
            List<RanChangeSet> history = s.history();
            if (history.stream().anyMatch(r -> tag.equalsIgnoreCase(r.getTag()))) {
                throw invalid("tag '" + tag + "' already exists in the history. Choose another name");
            }
            if (releaseTags(s).stream().anyMatch(tag::equalsIgnoreCase)) {
                throw invalid("tag '" + tag + "' is a release tag of the changelog. Choose another name");
            }
            RanChangeSet last = history.get(history.size() - 1);
            if (last.getTag() != null) {
                throw invalid("the current state is already tagged '" + last.getTag() + "' (changeset "
                        + last.getId() + "), and one state holds one tag. Use '" + last.getTag() + "' to return here");
            }
            HistoryTable.tag(s.database(), last, tag);
            return new TagResult(s.schema(), tag, last.getId(), since(start));
        });
    }

    StatusResult status() {
        return LiquibaseSession.run(settings, "status", s -> {
            ShouldRunChangeSetFilter pending = new ShouldRunChangeSetFilter(s.database());
            List<PendingChange> out = new ArrayList<>();
            for (ChangeSet cs : s.applicableChangeSets()) {
                if (pending.accepts(cs).isAccepted()) {
                    out.add(new PendingChange(cs.getId(), cs.getAuthor(), cs.getStoredFilePath(), cs.getDescription(),
                            StepRecorder.tagOf(cs)));
                }
            }
            return new StatusResult(s.schema(), currentTag(s.history()), out);
        });
    }

    HistoryResult history() {
        return LiquibaseSession.run(settings, "history", s -> {
            List<RanChangeSet> rows = s.history();
            List<AppliedChange> out = new ArrayList<>();
            for (RanChangeSet r : rows) {
                out.add(new AppliedChange(r.getId(), r.getAuthor(), r.getChangeLog(),
                        r.getDateExecuted() == null ? null : r.getDateExecuted().toInstant(),
                        r.getExecType() == null ? null : r.getExecType().name(), r.getTag(),
                        r.getLastCheckSum() == null ? null : r.getLastCheckSum().toString(), r.getDescription()));
            }
            return new HistoryResult(s.schema(), currentTag(rows), out);
        });
    }

    String updateSql() {
        return LiquibaseSession.run(settings, "update " + Failures.PREVIEW, s -> s.sqlOf(s.preview("updateSql")));
    }

    SchemaSnapshot snapshot() {
        return LiquibaseSession.run(settings, "snapshot", ExpectedSchemas::live);
    }

    ValidationResult validate() {
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

    private UpdateResult runUpdate(String action, CommandFactory factory) {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, action, s -> updated(s, start, action, factory.create(s)));
    }

    private static UpdateResult updated(LiquibaseSession s, long start, String action,
            liquibase.command.CommandScope command) throws Exception {
        s.lock();
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

    static List<String> releaseTags(LiquibaseSession s) throws Exception {
        List<String> tags = new ArrayList<>();
        for (ChangeSet cs : s.applicableChangeSets()) {
            String tag = StepRecorder.tagOf(cs);
            if (tag != null) {
                tags.add(tag);
            }
        }
        return tags;
    }

    static String currentTag(List<RanChangeSet> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).getTag() != null) {
                return history.get(i).getTag();
            }
        }
        return null;
    }

    void checkTagName(String tag) {
        if (tag == null || tag.isBlank()) {
            throw invalid("the tag is empty. Give a tag name such as 1.0");
        }
        if (!TAG.matcher(tag).matches()) {
            throw invalid("tag '" + printable(tag) + "' is not a valid tag name. Use letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit, at most 100 characters");
        }
    }

    DbStepsException invalid(String why) {
        return new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + settings.schema() + ": " + why + ".");
    }

    private static String printable(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
