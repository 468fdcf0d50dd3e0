package io.dbsteps.internal.ownership;

import io.dbsteps.internal.liquibase.LiquibaseSession;

import java.util.List;
import liquibase.changelog.ChangeSet;

/** The checks an update passes before anything runs: ownership first, then the shape of whatever it would adopt. */
public final class UpdateGuard {
    private UpdateGuard() {
    }

    /**
     * @param tag   the tag the update stops at, or {@code null}
     * @param count how many pending changesets it runs at most, or 0 for all
     */
    public static void check(LiquibaseSession s, String action, String tag, int count) throws Exception {
        List<ChangeSet> pending = PendingChanges.of(s, tag, count);
        if (pending.isEmpty()) {
            return;
        }
        OwnershipGuard.checkUpdate(s, pending, action);
        AdoptionCheck.check(s, pending, action);
    }
}
