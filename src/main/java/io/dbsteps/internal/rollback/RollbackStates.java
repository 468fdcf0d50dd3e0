package io.dbsteps.internal.rollback;

/**
 * The sentences that say what state a failed rollback left, shared by the rollback Liquibase runs and the compiled
 * one. This class must not use Liquibase.
 */
public final class RollbackStates {
    private RollbackStates() {
    }

    /**
     * The state a rollback run as one transaction leaves when it fails.
     *
     * @param undone the changesets undone before the failure
     */
    public static String nothingChanged(int undone) {
        return "Nothing was changed: the rollback ran as one transaction, which was rolled back"
                + (undone == 0 ? "" : ", the " + undone + " changeset(s) undone before the failure included")
                + ", so every changeset stays applied and no archive was kept.";
    }
}
