package io.dbsteps.internal.rollback;

import io.dbsteps.internal.liquibase.TagRule;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.StepRecorder;
import io.dbsteps.internal.undo.RollbackRenderer;
import io.dbsteps.internal.undo.UndoStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;

/**
 * Works out, before anything runs, which applied changesets a rollback would undo and how, and refuses the
 * rollback if any of them cannot be undone. A changeset the changelog knows is undone by its rollback block; one it
 * does not know (applied by a newer version) by the SQL stored when it was applied. Liquibase itself would undo
 * changesets one by one and stop at the first it cannot undo, leaving the database half rolled back.
 */
public final class RollbackPlanner {
    private final LiquibaseSession session;

    public RollbackPlanner(LiquibaseSession session) {
        this.session = session;
    }

    /**
     * One changeset to undo.
     *
     * @param row       its history row
     * @param changeSet the changeset, if the changelog knows it
     * @param stored    its stored rollback, if the changelog does not know it
     */
    public record Item(RanChangeSet row, ChangeSet changeSet, UndoStore.Entry stored) {
        public String name() {
            return row.getChangeLog() + "::" + row.getId() + "::" + row.getAuthor();
        }
    }

    /** The changesets a rollback to the tag undoes, newest first. */
    public List<Item> toTag(String tag) throws Exception {
        List<RanChangeSet> history = session.history();
        int tagged = TagRule.appliedIndex(tag, history); // where Liquibase's rollback stops: the oldest match
        if (tagged < 0) {
            throw missingTag(tag);
        }
        List<RanChangeSet> undo = new ArrayList<>(history.subList(tagged + 1, history.size()));
        RanChangeSet tagRow = history.get(tagged);
        if ("tagDatabase".equals(tagRow.getDescription()) && !keepsTag(tagRow)) {
            undo.add(0, tagRow); // Liquibase undoes a tagDatabase changeset that does not keep its tag
        }
        return check(undo, "rollback to tag " + tag);
    }

    /** The last {@code count} applied changesets, newest first. */
    public List<Item> lastApplied(int count) throws Exception {
        List<RanChangeSet> history = session.history();
        if (count > history.size()) {
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + session.schema() + ": cannot roll back "
                    + count + " changesets, only " + history.size() + " are applied. Use a count of at most "
                    + history.size() + ", or roll back to a tag.");
        }
        return check(history.subList(history.size() - count, history.size()), "rollback of " + count + " changesets");
    }

    private List<Item> check(List<RanChangeSet> rows, String action) throws Exception {
        List<ChangeSet> applicable = session.applicableChangeSets();
        List<Item> plan = new ArrayList<>();
        for (int i = rows.size() - 1; i >= 0; i--) {
            RanChangeSet row = rows.get(i);
            List<ChangeSet> known = session.changeLog().getChangeSets(row);
            Item item;
            if (known.isEmpty()) {
                item = fromStore(row, action);
                if (plan.stream().anyMatch(p -> p.changeSet() != null)) {
                    throw refuse(action, "changeset " + item.name() + ", unknown to this changelog, was applied before "
                            + "changesets it knows. Roll back with the version of the changelog that applied it");
                }
            } else {
                ChangeSet changeSet = known.get(0);
                item = new Item(row, changeSet, null);
                if (!applicable.contains(changeSet)) {
                    throw refuse(action, "changeset " + item.name() + " is applied but excluded by the configured "
                            + "contexts or database type. Configure the contexts it was applied with");
                }
                if (!changeSet.supportsRollback(session.database())) {
                    throw refuse(action, "changeset " + item.name() + " has no rollback. Add a rollback block to it");
                }
            }
            plan.add(item);
        }
        return plan;
    }

    private Item fromStore(RanChangeSet row, String action) throws Exception {
        Item unknown = new Item(row, null, null);
        Optional<UndoStore.Entry> stored = session.undo().find(row);
        if (stored.isEmpty()) {
            throw refuse(action, "changeset " + unknown.name() + " is applied but is not in this changelog, and no "
                    + "rollback SQL was stored when it was applied (it was applied by another client, or before dbsteps "
                    + "kept an undo store). Roll back with the version of the changelog (or jar) that applied it");
        }
        if (!stored.get().storable()) {
            throw refuse(action, "changeset " + unknown.name() + " is not in this changelog, and its rollback runs code "
                    + "that could not be stored as SQL. Roll back with the version of the changelog that applied it");
        }
        return new Item(row, null, stored.get());
    }

    private boolean keepsTag(RanChangeSet row) throws Exception {
        for (ChangeSet cs : session.changeLog().getChangeSets(row)) {
            if (RollbackRenderer.keepsTagOnRollback(cs)) {
                return true;
            }
        }
        return false;
    }

    private DbStepsException refuse(String action, String why) {
        return new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, "Schema " + session.schema() + ": " + action
                + " refused before anything ran: " + why + ".");
    }

    public DbStepsException missingTag(String tag) throws Exception {
        List<ChangeSet> all = session.changeLog().getChangeSets();
        if (TagRule.declared(tag, all).isPresent()) {
            return new DbStepsException(ErrorCode.TAG_NOT_APPLIED, "Schema " + session.schema() + ": tag '" + tag
                    + "' is in the changelog but not applied to this database, so there is nothing to roll back "
                    + "to. Run status to see what is applied, or update to the tag first.");
        }
        List<String> variants = TagRule.caseVariants(tag, all);
        return new DbStepsException(ErrorCode.UNKNOWN_TAG, "Schema " + session.schema() + ": tag '" + tag
                + "' is neither in the changelog nor in the database history, and nothing was changed. "
                + (variants.isEmpty() ? "Run history to see the applied tags."
                        : "Did you mean '" + variants.get(0) + "' (it is not applied yet)?"));
    }
}
