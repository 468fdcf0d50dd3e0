package io.dbsteps.internal.command;

import io.dbsteps.DbStepsException;
import io.dbsteps.Drift;
import io.dbsteps.ErrorCode;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.ownership.OwnObjects;
import io.dbsteps.internal.ownership.ScratchReplay;
import io.dbsteps.internal.ownership.ShapeReader;
import io.dbsteps.internal.schema.ExpectedSchemas;
import java.util.List;
import java.util.Optional;
import liquibase.changelog.ChangeSet;

/**
 * The schema a state of the history should have, and the live schema read the same way. Where the state carries a
 * tag for which an expected snapshot is shipped next to the changelog (the proof harness writes them for release
 * tags), that snapshot; otherwise, for any changelog and any state, the shape its changesets give an empty database,
 * replayed where nothing is at stake ({@link ScratchReplay#shapeAfter}). A changelog needs neither tags nor shipped
 * files for drift and adoption.
 *
 * @param expected     what the schema should be
 * @param live         the live schema, read by the same reader as {@code expected}
 * @param expectedFrom where {@code expected} comes from, as it ends a sentence: "release 1.0", or "what its 12
 *                     applied changesets create (replayed from the changelog)"
 */
record ExpectedState(SchemaSnapshot expected, SchemaSnapshot live, String expectedFrom) {

    /** The schema's own differences: missing, changed, and extra on its own tables. */
    List<Drift> differences() {
        return OwnObjects.only(expected, expected.differencesTo(live));
    }

    /**
     * @param changeSets the changesets that make the state, in the order they ran
     * @param tag        the state's tag, or {@code null}
     * @param action     what is being done, for the refusal
     */
    static ExpectedState of(LiquibaseSession s, Settings settings, List<ChangeSet> changeSets, String tag,
            String action) throws Exception {
        String dbms = dbms(s);
        if (changeSets.isEmpty()) {
            return new ExpectedState(SchemaSnapshot.empty(dbms), ExpectedSchemas.live(s), "the empty schema");
        }
        Optional<SchemaSnapshot> shipped = tag == null ? Optional.empty() : ExpectedSchemas.find(settings, tag, dbms);
        if (shipped.isPresent()) {
            return new ExpectedState(shipped.get(), ExpectedSchemas.live(s), "release " + tag);
        }
        SchemaSnapshot replayed;
        try {
            replayed = ScratchReplay.shapeAfter(s, changeSets);
        } catch (ScratchReplay.Unknowable e) {
            throw new DbStepsException(ErrorCode.NO_EXPECTED_SCHEMA, "Schema " + s.schema() + ": " + action
                    + " found no expected schema, and nothing was changed: no snapshot is shipped for "
                    + (tag == null ? "this state" : "tag " + tag) + " (" + ExpectedSchemas.path(
                            settings.changelog().path(), tag == null ? "<tag>" : tag, dbms) + "), and replaying its "
                    + changeSets.size() + " changesets in a scratch database failed: " + e.getMessage() + ". Ship "
                    + "the expected snapshot (the proof harness writes it) or make the changeset run in a transaction.",
                    e);
        }
        return new ExpectedState(replayed, ShapeReader.read(s.connection()), "what its " + changeSets.size()
                + (changeSets.size() == 1 ? " changeset creates" : " changesets create")
                + " (replayed from the changelog)");
    }

    /** {@code postgresql} or {@code sqlite}, as the shipped snapshots' names spell it. */
    static String dbms(LiquibaseSession s) {
        return s.database().getShortName();
    }
}
