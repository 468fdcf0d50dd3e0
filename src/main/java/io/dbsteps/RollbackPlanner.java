package io.dbsteps;

import java.util.ArrayList;
import java.util.List;
import liquibase.change.core.TagDatabaseChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;

/**
 * Works out, before anything runs, which applied changesets a rollback would undo, and refuses the rollback if any
 * of them cannot be undone: unknown to this changelog, excluded by the configured contexts, or without a rollback.
 * Liquibase itself would undo changesets one by one and stop at the first it cannot undo, leaving the database
 * half rolled back.
 */
final class RollbackPlanner {
    private final LiquibaseSession session;

    RollbackPlanner(LiquibaseSession session) {
        this.session = session;
    }

    /** The changesets a rollback to the tag undoes, newest first. */
    List<ChangeSet> toTag(String tag) throws Exception {
        List<RanChangeSet> history = session.history();
        int tagged = -1;
        for (int i = history.size() - 1; i >= 0; i--) {
            if (tag.equalsIgnoreCase(history.get(i).getTag())) {
                tagged = i;
                break;
            }
        }
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
    List<ChangeSet> lastApplied(int count) throws Exception {
        List<RanChangeSet> history = session.history();
        if (count > history.size()) {
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + session.schema() + ": cannot roll back "
                    + count + " changesets, only " + history.size() + " are applied. Use a count of at most "
                    + history.size() + ", or roll back to a tag.");
        }
        return check(history.subList(history.size() - count, history.size()), "rollback of " + count + " changesets");
    }

    private List<ChangeSet> check(List<RanChangeSet> rows, String action) throws Exception {
        List<ChangeSet> applicable = session.applicableChangeSets();
        List<ChangeSet> plan = new ArrayList<>();
        for (int i = rows.size() - 1; i >= 0; i--) {
            RanChangeSet row = rows.get(i);
            String name = row.getChangeLog() + "::" + row.getId() + "::" + row.getAuthor();
            List<ChangeSet> known = session.changeLog().getChangeSets(row);
            if (known.isEmpty()) {
                throw refuse(action, "changeset " + name + " is applied but is not in this changelog, so its rollback "
                        + "is unknown. Roll back with the version of the changelog (or jar) that applied it");
            }
            ChangeSet changeSet = known.get(0);
            if (!applicable.contains(changeSet)) {
                throw refuse(action, "changeset " + name + " is applied but excluded by the configured contexts or "
                        + "database type. Configure the contexts it was applied with");
            }
            if (!changeSet.supportsRollback(session.database())) {
                throw refuse(action, "changeset " + name + " has no rollback. Add a rollback block to it");
            }
            plan.add(changeSet);
        }
        return plan;
    }

    private boolean keepsTag(RanChangeSet row) throws Exception {
        for (ChangeSet cs : session.changeLog().getChangeSets(row)) {
            for (var change : cs.getChanges()) {
                if (change instanceof TagDatabaseChange t && Boolean.TRUE.equals(t.isKeepTagOnRollback())) {
                    return true;
                }
            }
        }
        return false;
    }

    private DbStepsException refuse(String action, String why) {
        return new DbStepsException(ErrorCode.ROLLBACK_IMPOSSIBLE, "Schema " + session.schema() + ": " + action
                + " refused before anything ran: " + why + ".");
    }

    DbStepsException missingTag(String tag) throws Exception {
        for (ChangeSet cs : session.changeLog().getChangeSets()) {
            if (tag.equalsIgnoreCase(StepRecorder.tagOf(cs))) {
                return new DbStepsException(ErrorCode.TAG_NOT_APPLIED, "Schema " + session.schema() + ": tag '" + tag
                        + "' is in the changelog but not applied to this database, so there is nothing to roll back "
                        + "to. Run status to see what is applied, or update to the tag first.");
            }
        }
        return new DbStepsException(ErrorCode.UNKNOWN_TAG, "Schema " + session.schema() + ": tag '" + tag
                + "' is neither in the changelog nor in the database history. Run history to see the applied tags.");
    }
}
