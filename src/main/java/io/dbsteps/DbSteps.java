package io.dbsteps;

import io.dbsteps.internal.command.Arguments;
import io.dbsteps.internal.command.Reads;
import io.dbsteps.internal.command.Tags;
import io.dbsteps.internal.command.Updates;
import io.dbsteps.internal.command.Releases;
import io.dbsteps.internal.command.Rollbacks;
import io.dbsteps.internal.command.SchemaChecks;
import io.dbsteps.internal.config.ChangelogRef;
import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Durations;
import io.dbsteps.internal.config.ReadWithoutCreating;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.config.ShippedSchemas;
import io.dbsteps.internal.fastpath.UpToDateCheck;
import io.dbsteps.internal.liquibase.ChangelogTags;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Updates, rolls back, tags and inspects one schema in one database.
 *
 * <pre>{@code
 * DbSteps db = DbSteps.configure()
 *         .dataSource(dataSource)
 *         .schema("codorch")
 *         .load();
 * UpdateResult result = db.update();
 * }</pre>
 *
 * <p>An instance is immutable and safe to share. Each command opens a connection (or borrows the configured one),
 * runs, and gives the connection back; nothing stays open between commands.
 */
public final class DbSteps {
    private final Arguments arguments;
    private final Updates updates;
    private final Reads reads;
    private final Tags tags;
    private final Rollbacks rollbacks;
    private final Releases releases;
    private final SchemaChecks checks;
    private final Settings settings;

    DbSteps(Settings settings) {
        this.settings = settings;
        this.arguments = new Arguments(settings);
        this.updates = new Updates(settings);
        this.reads = new Reads(settings);
        this.tags = new Tags(settings);
        this.rollbacks = new Rollbacks(settings, arguments);
        this.releases = new Releases(settings);
        this.checks = new SchemaChecks(settings, arguments);
    }

    /** @return a new builder for a {@code DbSteps} instance */
    public static DbStepsBuilder configure() {
        return new DbStepsBuilder();
    }

    /** @return the names of the schemas whose changelogs ship in this jar */
    public static List<String> shippedSchemas() {
        return ShippedSchemas.names();
    }

    /**
     * The tags a shipped schema's changelog sets, read from the jar, without a database.
     *
     * @param schema a name from {@link #shippedSchemas()}
     * @return its tags, oldest first
     * @throws DbStepsException with {@link ErrorCode#UNKNOWN_SCHEMA} if the jar ships no such schema
     */
    public static List<String> shippedTags(String schema) {
        return ChangelogTags.of(ChangelogRef.shipped(schema), DbSteps.class.getClassLoader());
    }

    Settings settings() {
        return settings;
    }

    /**
     * A command that only reports (status, history, SQL previews, validate, drift, snapshot, archives): on an SQLite
     * file that does not exist yet, it leaves no file behind. A rollback's plan is part of the rollback and is not
     * one of them.
     */
    private <T> T reading(Supplier<T> read) {
        return ReadWithoutCreating.run(settings.source(), read);
    }

    /** @return the schema name, or for a custom changelog its tracking-table prefix */
    public String schema() {
        return settings.schema();
    }

    /** @return the classpath path of the changelog this instance runs */
    public String changelogPath() {
        return settings.changelog().path();
    }

    /**
     * Applies every pending changeset. When nothing is pending, this costs one query of the tracking table: the
     * changesets and checksums the jar ships are compared with it before Liquibase is even loaded.
     *
     * <p>Before anything runs, an update is refused if it would touch a table another schema in the same namespace
     * owns ({@link ErrorCode#OWNED_ELSEWHERE}), or mark a changeset ran on an existing object whose shape is not the
     * one the changeset creates ({@link ErrorCode#ADOPTION_REFUSED}). {@link #updateTo(String)} and
     * {@link #updateCount(int)} check the same.
     *
     * @return what was applied; empty if the database was up to date
     */
    public UpdateResult update() {
        try (ConnectionSource.Lease lease = settings.source().open()) {
            return UpToDateCheck.check(settings, lease.connection()).orElseGet(() -> updates.update(lease));
        }
    }

    /**
     * Applies pending changesets up to and including the release tag.
     *
     * @param tag a release tag of the changelog
     * @return what was applied
     */
    public UpdateResult updateTo(String tag) {
        return updates.updateTo(tag);
    }

    /**
     * Applies the next {@code count} pending changesets, or fewer if fewer are pending.
     *
     * @param count how many changesets to apply, at least 1
     * @return what was applied
     */
    public UpdateResult updateCount(int count) {
        return updates.updateCount(count);
    }

    /**
     * Plans a rollback to the tag without changing anything: the changesets to undo, newest first, the SQL of each,
     * and the data each would drop, counted live.
     *
     * @param tag an applied tag
     * @return the plan
     * @throws DbStepsException with {@link ErrorCode#ROLLBACK_IMPOSSIBLE} if a step cannot be undone
     */
    public RollbackPlan planRollback(String tag) {
        return rollbacks.planTo(tag);
    }

    /**
     * Plans a rollback of the last {@code count} changesets without changing anything.
     *
     * @param count how many changesets, at least 1 and at most the number applied
     * @return the plan
     */
    public RollbackPlan planRollbackCount(int count) {
        return rollbacks.planCount(count);
    }

    /**
     * Rolls back every changeset applied after the tag, newest first, archiving the data it drops. The rollback is
     * planned first, under the lock: if any step cannot be undone, nothing runs. The data the plan says it drops is
     * archived before the first step runs. It then runs as one transaction, changesets from the undo store included,
     * so a step that fails leaves the database exactly as it was (unless a step must run outside a transaction, such
     * as {@code CREATE INDEX CONCURRENTLY}; the plan says so, and then each changeset is its own transaction).
     *
     * @param tag an applied tag
     * @return what was rolled back and archived
     */
    public RollbackResult rollbackTo(String tag) {
        return rollbacks.to(tag, DataPolicy.ARCHIVE);
    }

    /**
     * Rolls back every changeset applied after the tag, with an explicit choice for the data it drops.
     *
     * @param tag    an applied tag
     * @param policy {@link DataPolicy#ARCHIVE} to keep a copy, {@link DataPolicy#DISCARD} to drop it
     * @return what was rolled back and archived
     */
    public RollbackResult rollbackTo(String tag, DataPolicy policy) {
        return rollbacks.to(tag, policy);
    }

    /**
     * Rolls back every changeset applied after the tag, with explicit choices for the data it drops and for
     * changesets that were marked ran (whose objects dbsteps found rather than created).
     *
     * @param tag       an applied tag
     * @param policy    {@link DataPolicy#ARCHIVE} to keep a copy, {@link DataPolicy#DISCARD} to drop it
     * @param markedRan {@link MarkedRanPolicy#REFUSE} (the default) refuses a rollback that would drop objects through
     *                  a marked-ran step; {@link MarkedRanPolicy#UNDO} undoes such steps too
     * @return what was rolled back and archived
     */
    public RollbackResult rollbackTo(String tag, DataPolicy policy, MarkedRanPolicy markedRan) {
        return rollbacks.to(tag, policy, markedRan);
    }

    /**
     * Rolls back the last {@code count} applied changesets, with explicit choices for the data they drop and for
     * changesets that were marked ran.
     *
     * @param count     how many changesets to roll back
     * @param policy    {@link DataPolicy#ARCHIVE} to keep a copy, {@link DataPolicy#DISCARD} to drop it
     * @param markedRan {@link MarkedRanPolicy#REFUSE} (the default) or {@link MarkedRanPolicy#UNDO}
     * @return what was rolled back and archived
     */
    public RollbackResult rollbackCount(int count, DataPolicy policy, MarkedRanPolicy markedRan) {
        return rollbacks.count(count, policy, markedRan);
    }

    /**
     * Rolls back the last {@code count} applied changesets, newest first, archiving the data they drop, after
     * checking that each can be undone.
     *
     * @param count how many changesets to roll back, at least 1 and at most the number applied
     * @return what was rolled back and archived
     */
    public RollbackResult rollbackCount(int count) {
        return rollbacks.count(count, DataPolicy.ARCHIVE);
    }

    /**
     * Rolls back the last {@code count} applied changesets, with an explicit choice for the data they drop.
     *
     * @param count  how many changesets to roll back
     * @param policy {@link DataPolicy#ARCHIVE} to keep a copy, {@link DataPolicy#DISCARD} to drop it
     * @return what was rolled back and archived
     */
    public RollbackResult rollbackCount(int count, DataPolicy policy) {
        return rollbacks.count(count, policy);
    }

    /**
     * Runs exactly the rollback a plan describes, e.g. the one shown to an operator by a dry run. Under the lock it
     * plans again; if the database changed since the plan was made (another process updated or rolled back, so the
     * changesets or their SQL differ; see {@link RollbackPlan#fingerprint()}), it refuses with
     * {@link ErrorCode#PLAN_CHANGED} and changes nothing. Otherwise it runs as {@link #rollbackTo(String, DataPolicy)}
     * does, and the result lists the steps of that plan.
     *
     * @param plan   a plan from {@link #planRollback(String)} or {@link #planRollbackCount(int)}
     * @param policy {@link DataPolicy#ARCHIVE} to keep a copy of dropped data, {@link DataPolicy#DISCARD} to drop it
     * @return what was rolled back and archived
     */
    public RollbackResult rollback(RollbackPlan plan, DataPolicy policy) {
        return rollbacks.exactly(plan, policy, MarkedRanPolicy.REFUSE);
    }

    /**
     * As {@link #rollback(RollbackPlan, DataPolicy)}, with an explicit choice for marked-ran steps.
     *
     * @param plan      a plan from {@link #planRollback(String)} or {@link #planRollbackCount(int)}
     * @param policy    {@link DataPolicy#ARCHIVE} to keep a copy of dropped data, {@link DataPolicy#DISCARD} to drop it
     * @param markedRan {@link MarkedRanPolicy#REFUSE} (the default) or {@link MarkedRanPolicy#UNDO}
     * @return what was rolled back and archived
     */
    public RollbackResult rollback(RollbackPlan plan, DataPolicy policy, MarkedRanPolicy markedRan) {
        return rollbacks.exactly(plan, policy, markedRan);
    }

    /**
     * Runs a release with a safety net. It refuses before anything runs unless every pending changeset up to the
     * tag can be undone; tags the current state {@code pre-<tag>} (or uses its tag if it has one); records its intent
     * in the database; updates to the tag; and runs the health check, holding the schema's lock throughout. If the
     * update or the check fails, or the check outlives its timeout (it is then cancelled), or the process is asked to
     * stop, it rolls back to that state, archiving the data the rollback drops, and says why.
     *
     * <p>Until the check passes the release is unverified ({@link StatusResult#unverified()}): if the process dies
     * meanwhile, running the same release again finishes its guard, and updates refuse to build on it. A tag that is
     * already applied and current, and verified, is {@link ReleaseResult.Outcome#NOTHING_TO_DO}; an older applied
     * tag is refused (roll back to it instead), as is a tag the changelog declares only in another case.
     *
     * @param tag     the release tag to update to
     * @param check   the host's check that the release works
     * @param timeout how long the check may take before it counts as failed
     * @return whether the release stands, and if not, why and what was undone
     * @throws DbStepsException with {@link ErrorCode#INVALID_ARGUMENT} if an argument is null, the timeout is not
     *                          positive or longer than a day, or the tag is older than the current one;
     *                          {@link ErrorCode#UNKNOWN_TAG} if Liquibase would not find the tag;
     *                          {@link ErrorCode#UNVERIFIED_RELEASE} if another release is unverified
     */
    public ReleaseResult release(String tag, HealthCheck check, Duration timeout) {
        checkReleaseArguments(tag, check, timeout);
        return releases.release(tag, check, timeout);
    }

    /**
     * Runs a release of every pending changeset with the same safety net as {@link #release(String, HealthCheck,
     * Duration)}, for changelogs that declare no release tags ({@code tagDatabase}): once the health check passes, the
     * state it reached takes the name, so that {@link #rollbackTo(String)} can return to it and a rerun finds it done.
     * The name must be new: a tag the changelog declares is refused (release to it instead), and so is a name an
     * applied state already has, unless that state is the current one and nothing is pending
     * ({@link ReleaseResult.Outcome#NOTHING_TO_DO}). With nothing pending, the current state takes the name and nothing
     * runs.
     *
     * @param name    the name of the released state: letters, digits, '.', '_' and '-'
     * @param check   the host's check that the release works
     * @param timeout how long the check may take before it counts as failed
     * @return whether the release stands, and if not, why and what was undone
     * @throws DbStepsException with {@link ErrorCode#INVALID_ARGUMENT} if an argument is null or invalid, or the name
     *                          is taken; {@link ErrorCode#UNVERIFIED_RELEASE} if another release is unverified
     */
    public ReleaseResult releaseHead(String name, HealthCheck check, Duration timeout) {
        checkReleaseArguments(name, check, timeout);
        return releases.releaseHead(name, check, timeout);
    }

    private void checkReleaseArguments(String tag, HealthCheck check, Duration timeout) {
        arguments.checkTagName(tag);
        if (check == null) {
            throw arguments.invalid("the health check of the release of " + tag + " is null. Pass a HealthCheck that "
                    + "says whether the release works, e.g. () -> true if it needs no check");
        }
        String problem = Durations.problem(timeout, false);
        if (problem != null) {
            throw arguments.invalid("the health check's timeout must be positive, e.g. Duration.ofSeconds(30), and at "
                    + "most a day, but " + problem + "; nothing was changed");
        }
    }

    /**
     * Tags the current state of the database, so that a later {@link #rollbackTo(String)} can return to it. An
     * untagged state gets the tag in its history row, as Liquibase's own {@code tag} command does. A state that
     * already has a tag (a release) keeps it and takes the new name as a further one, and an empty database can be
     * tagged too (a rollback to that name undoes everything); dbsteps keeps such names in {@code dbsteps_tags}, so
     * plain Liquibase clients read the history unchanged. {@link #history()} lists every name.
     *
     * @param tag a new tag name: letters, digits, '.', '_' and '-'
     * @return the tag and the changeset whose state it names
     * @throws DbStepsException with {@link ErrorCode#INVALID_ARGUMENT} if the name is taken or is a release tag
     */
    public TagResult tag(String tag) {
        return tags.tag(tag);
    }

    /**
     * Compares the live schema with the schema the changelog expects at the database's current state: missing, extra
     * and changed tables, columns, keys, constraints and indexes. The expected schema is the snapshot shipped next to
     * the changelog for the state's tag ({@code snapshots/<tag>.<dbms>.txt}, written by the proof harness) where
     * there is one; otherwise, for any changelog and any state, what the applied changesets create, replayed in a
     * scratch database (on SQLite in memory; on PostgreSQL in a temporary schema inside one transaction that is rolled
     * back, so nothing is left behind). Only the schema's own objects count: dbsteps' tables (tracking tables,
     * archives) and tables the schema does not have at all (the host's, another schema's) are not drift; an extra
     * column or index on one of its own tables is.
     *
     * @return the differences, and what the schema was compared with; {@link DriftReport#clean()} when there are none
     * @throws DbStepsException with {@link ErrorCode#NO_EXPECTED_SCHEMA} if the history records a changeset the
     *                          changelog does not have, or the replay cannot run a changeset (one that cannot run in a
     *                          transaction, on PostgreSQL)
     */
    public DriftReport checkDrift() {
        return reading(checks::drift);
    }

    /**
     * Takes over a database that was brought to a release without dbsteps: after checking that its schema is
     * exactly the release's (compared as {@link #checkDrift()} compares), records the changesets up to the tag as
     * applied. Nothing else changes.
     *
     * @param tag the release tag the database is at
     * @return how many changesets were recorded
     * @throws DbStepsException with {@link ErrorCode#DRIFT}, listing the differences, if the schema is not the tag's
     */
    public AdoptResult adopt(String tag) {
        return checks.adopt(tag);
    }

    /**
     * Takes over a database that was brought to the changelog's head without dbsteps, for changelogs without release
     * tags: after checking that its schema is exactly what every changeset creates, records them all as applied.
     *
     * @return how many changesets were recorded; its tag is the last changeset's, or {@code null}
     * @throws DbStepsException with {@link ErrorCode#DRIFT}, listing the differences, if the schema is not the head's
     */
    public AdoptResult adoptHead() {
        return checks.adoptHead();
    }

    /** @return the live schema as dbsteps sees it, without dbsteps' own tables; changes nothing */
    public SchemaSnapshot snapshot() {
        return reading(reads::snapshot);
    }

    /** @return the changesets an update would apply, without changing anything */
    public StatusResult status() {
        return reading(reads::status);
    }

    /** @return the applied changesets with their tags, oldest first */
    public HistoryResult history() {
        return reading(reads::history);
    }

    /**
     * The archives this schema's rollbacks made that are still in the database: where each came from, the changeset
     * whose rollback dropped the data, its rows and when. Archives are ordinary tables; drop one once it is no longer
     * needed, and it leaves this list.
     *
     * @return the archives, oldest first; changes nothing
     */
    public List<ArchiveEntry> archives() {
        return reading(reads::archives);
    }

    /** @return the SQL an update would run, without running it */
    public String updateSql() {
        return reading(reads::updateSql);
    }

    /**
     * Returns the SQL a rollback to the tag would run, without running it.
     *
     * @param tag an applied tag
     * @return the SQL
     */
    public String rollbackSql(String tag) {
        return reading(() -> rollbacks.sql(tag));
    }

    /**
     * Checks that the changelog parses and validates for this database, and that no applied changeset was edited.
     *
     * @return counts of the changesets checked
     * @throws DbStepsException with {@link ErrorCode#CHECKSUM_MISMATCH} or {@link ErrorCode#INVALID_CHANGELOG}
     */
    public ValidationResult validate() {
        return reading(reads::validate);
    }
}
