package io.dbsteps.internal.command;

import io.dbsteps.internal.liquibase.StepRecorder;
import io.dbsteps.internal.liquibase.TagRule;

import io.dbsteps.AdoptResult;
import io.dbsteps.DataPolicy;
import io.dbsteps.DbStepsException;
import io.dbsteps.Drift;
import io.dbsteps.DriftReport;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.HistoryTable;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.command.core.ChangelogSyncToTagCommandStep;

/**
 * The drift check, and the adoption of a database brought to a release without dbsteps: both compare the live
 * schema with the schema the changelog expects at a state of its history ({@link ExpectedState}), which needs no
 * release tag.
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
            List<RanChangeSet> history = s.history();
            String tag = history.isEmpty() ? null : history.get(history.size() - 1).getTag();
            ExpectedState state = ExpectedState.of(s, settings, applied(s, history), tag, "the drift check");
            return new DriftReport(s.schema(), tag, ExpectedState.dbms(s), state.differences(), state.expectedFrom());
        });
    }

    /** Adopts at a release tag: the changesets up to the one that declares it. */
    public AdoptResult adopt(String tag) {
        arguments.checkTagName(tag);
        return adopt("adoption at tag " + tag, tag);
    }

    /** Adopts at the changelog's head: every changeset that applies to this database. */
    public AdoptResult adoptHead() {
        return adopt("adoption at the changelog's head", null);
    }

    private AdoptResult adopt(String action, String tag) {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, action, s -> {
            refuseIfRecorded(s);
            List<ChangeSet> applicable = s.applicableChangeSets();
            List<ChangeSet> upTo = applicable;
            String stateTag = applicable.isEmpty() ? null : StepRecorder.tagOf(applicable.get(applicable.size() - 1));
            if (tag != null) {
                ChangeSet declared = TagRule.declared(tag, applicable) // changelogSyncToTag matches exactly
                        .orElseThrow(() -> TagRule.unknown(s.schema(), tag, applicable));
                upTo = applicable.subList(0, applicable.indexOf(declared) + 1);
                stateTag = tag;
            }
            if (upTo.isEmpty()) {
                throw arguments.invalid("the changelog has no changeset for this database, so there is nothing to "
                        + "adopt");
            }
            ExpectedState expected = ExpectedState.of(s, settings, upTo, stateTag, action);
            List<Drift> differences = expected.differences();
            if (!differences.isEmpty()) {
                throw new DbStepsException(ErrorCode.DRIFT, "Schema " + s.schema() + ": " + action
                        + " refused, nothing was recorded: the live schema differs from " + expected.expectedFrom()
                        + " in " + differences.size() + " place(s): " + summary(differences) + ". Bring the schema "
                        + "to that state exactly, or adopt the state it does match. A database migrated partly beyond "
                        + "a release needs no adoption: update recognises what was done by hand.");
            }
            // Checked without the lock, so that a refusal creates nothing (the lock needs its table); checked again
            // under it, in case another process recorded a history meanwhile.
            s.lockAndRereadHistory();
            refuseIfRecorded(s);
            if (tag != null) {
                s.command("changelogSyncToTag", DataPolicy.ARCHIVE)
                        .addArgumentValue(ChangelogSyncToTagCommandStep.TAG_ARG, tag).execute();
            } else {
                s.command("changelogSync", DataPolicy.ARCHIVE).execute();
            }
            s.refreshHistory();
            List<RanChangeSet> recorded = s.history();
            for (ChangeSet cs : applicable) {
                if (recorded.stream().anyMatch(r -> r.isSameAs(cs))) {
                    s.undo().store(cs);
                }
            }
            s.connection().commit();
            return new AdoptResult(s.schema(), stateTag, recorded.size(), Elapsed.since(start));
        });
    }

    /**
     * The changesets the history records, in the order they ran; Liquibase's tag-only row is none. A row the
     * changelog does not have (a changelog from another version of the application) leaves the state unknowable.
     */
    private static List<ChangeSet> applied(LiquibaseSession s, List<RanChangeSet> history) throws Exception {
        List<ChangeSet> all = s.changeLog().getChangeSets();
        List<ChangeSet> out = new ArrayList<>();
        for (RanChangeSet row : history) {
            if (HistoryTable.tagOnly(row)) {
                continue;
            }
            ChangeSet cs = all.stream().filter(row::isSameAs).findFirst().orElseThrow(() -> new DbStepsException(
                    ErrorCode.NO_EXPECTED_SCHEMA, "Schema " + s.schema() + ": the drift check found no expected "
                    + "schema, and nothing was changed: the history records changeset " + row.getId() + " by "
                    + row.getAuthor() + " (" + row.getChangeLog() + "), which this changelog does not have. Check "
                    + "with the changelog of the version that updated the database."));
            out.add(cs);
        }
        return out;
    }

    private static void refuseIfRecorded(LiquibaseSession s) throws Exception {
        if (!s.history().isEmpty()) {
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + s.schema() + ": the database "
                    + "already has a dbsteps history (" + s.history().size() + " changesets), so there is nothing to "
                    + "adopt. Use update, or check it with drift.");
        }
    }

    private static String summary(List<Drift> differences) {
        List<String> shown = differences.stream().limit(10).map(Drift::toString).map(String::strip).toList();
        return String.join("; ", shown) + (differences.size() > 10 ? "; and " + (differences.size() - 10) + " more" : "");
    }
}
