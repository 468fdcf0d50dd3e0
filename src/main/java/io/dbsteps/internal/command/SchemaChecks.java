package io.dbsteps.internal.command;

import io.dbsteps.internal.ownership.OwnObjects;

import io.dbsteps.internal.liquibase.TagRule;

import io.dbsteps.AdoptResult;
import io.dbsteps.DataPolicy;
import io.dbsteps.DbStepsException;
import io.dbsteps.Drift;
import io.dbsteps.DriftReport;
import io.dbsteps.ErrorCode;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.schema.ExpectedSchemas;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.command.core.ChangelogSyncToTagCommandStep;
import liquibase.database.core.SQLiteDatabase;

/**
 * The drift check, and the adoption of a database brought to a release without dbsteps: both compare the live
 * schema with the schema the changelog expects at a release tag.
 */
public final class SchemaChecks {
    private final Settings settings;
    private final Arguments arguments;

    public SchemaChecks(Settings settings, Arguments arguments) {
        this.settings = settings;
        this.arguments = arguments;
    }

    public DriftReport drift() {
        return LiquibaseSession.run(settings, "drift check", s -> {
            String tag = releaseTagOfCurrentState(s);
            String dbms = dbms(s);
            SchemaSnapshot expected = expected(s, tag, dbms);
            List<Drift> differences = OwnObjects.only(expected, expected.differencesTo(ExpectedSchemas.live(s)));
            return new DriftReport(s.schema(), tag, dbms, differences);
        });
    }

    public AdoptResult adopt(String tag) {
        arguments.checkTagName(tag);
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "adoption at tag " + tag, s -> {
            refuseIfRecorded(s);
            if (TagRule.declared(tag, s.applicableChangeSets()).isEmpty()) { // changelogSyncToTag matches exactly
                throw TagRule.unknown(s.schema(), tag, s.applicableChangeSets());
            }
            String dbms = dbms(s);
            SchemaSnapshot expected = expected(s, tag, dbms);
            List<Drift> differences = OwnObjects.only(expected, expected.differencesTo(ExpectedSchemas.live(s)));
            if (!differences.isEmpty()) {
                throw new DbStepsException(ErrorCode.DRIFT, "Schema " + s.schema() + ": adoption at tag " + tag
                        + " refused, nothing was recorded: the live schema differs from release " + tag + " in "
                        + differences.size() + " place(s): " + summary(differences) + ". Bring the schema to " + tag
                        + " exactly, or adopt the tag it does match. A database migrated partly beyond a release "
                        + "needs no adoption: update recognises what was done by hand.");
            }
            // Checked without the lock, so that a refusal creates nothing (the lock needs its table); checked again
            // under it, in case another process recorded a history meanwhile.
            s.lockAndRereadHistory();
            refuseIfRecorded(s);
            s.command("changelogSyncToTag", DataPolicy.ARCHIVE)
                    .addArgumentValue(ChangelogSyncToTagCommandStep.TAG_ARG, tag).execute();
            s.refreshHistory();
            List<RanChangeSet> recorded = s.history();
            for (ChangeSet cs : s.applicableChangeSets()) {
                if (recorded.stream().anyMatch(r -> r.isSameAs(cs))) {
                    s.undo().store(cs);
                }
            }
            s.connection().commit();
            return new AdoptResult(s.schema(), tag, recorded.size(), Elapsed.since(start));
        });
    }

    private static void refuseIfRecorded(LiquibaseSession s) throws Exception {
        if (!s.history().isEmpty()) {
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + s.schema() + ": the database "
                    + "already has a dbsteps history (" + s.history().size() + " changesets), so there is nothing to "
                    + "adopt. Use update, or check it with drift.");
        }
    }

    /** The release tag the database is exactly at: its last applied changeset carries it. */
    private static String releaseTagOfCurrentState(LiquibaseSession s) throws Exception {
        List<RanChangeSet> history = s.history();
        if (history.isEmpty()) {
            return null;
        }
        RanChangeSet last = history.get(history.size() - 1);
        List<String> tags = History.releaseTags(s);
        if (last.getTag() == null || !tags.contains(last.getTag())) {
            String current = History.currentTag(history);
            throw new DbStepsException(ErrorCode.NO_EXPECTED_SCHEMA, "Schema " + s.schema() + ": the database is not at "
                    + "a release tag (its last changeset is " + last.getId() + (current == null ? "" : ", after tag "
                    + current) + "), so there is no expected schema to compare with. Update to the next release, or "
                    + "roll back to a release tag, then check again.");
        }
        return last.getTag();
    }

    private SchemaSnapshot expected(LiquibaseSession s, String tag, String dbms) {
        return ExpectedSchemas.find(settings, tag, dbms).orElseThrow(() -> new DbStepsException(
                ErrorCode.NO_EXPECTED_SCHEMA, "Schema " + s.schema() + ": no expected schema is shipped for tag " + tag
                        + " on " + dbms + " (" + ExpectedSchemas.path(settings.changelog().path(), tag, dbms)
                        + "). The proof harness writes these files; run it for this changelog."));
    }

    private static String dbms(LiquibaseSession s) {
        return s.database() instanceof SQLiteDatabase ? "sqlite" : "postgresql";
    }

    private static String summary(List<Drift> differences) {
        List<String> shown = differences.stream().limit(10).map(Drift::toString).map(String::strip).toList();
        return String.join("; ", shown) + (differences.size() > 10 ? "; and " + (differences.size() - 10) + " more" : "");
    }
}
