package io.dbsteps.internal.ownership;

import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagRule;

import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;

/** The changesets an update would run, in changelog order: all pending ones, those up to a tag, or the next few. */
public final class PendingChanges {
    private PendingChanges() {
    }

    /**
     * @param tag   the tag an update stops at (its changeset included), or {@code null}
     * @param count how many pending changesets an update runs at most, or 0 for all
     */
    public static List<ChangeSet> of(LiquibaseSession s, String tag, int count) throws Exception {
        ShouldRunChangeSetFilter pending = new ShouldRunChangeSetFilter(s.database());
        List<ChangeSet> out = new ArrayList<>();
        for (ChangeSet cs : s.applicableChangeSets()) {
            if (count > 0 && out.size() >= count) {
                break;
            }
            if (pending.accepts(cs).isAccepted()) {
                out.add(cs);
            }
            if (TagRule.isDeclaredAt(tag, cs)) {
                break;
            }
        }
        return out;
    }
}
