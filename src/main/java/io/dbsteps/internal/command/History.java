package io.dbsteps.internal.command;

import io.dbsteps.UnverifiedRelease;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagRule;
import java.util.List;
import liquibase.changelog.RanChangeSet;

/** What the commands read from a schema's history: its current tag, its release tags, an unverified release. */
public final class History {
    private History() {
    }

    /** The guarded release whose check has not passed, if one is open; reads only. */
    public static UnverifiedRelease unverified(LiquibaseSession s) throws Exception {
        return new ReleaseRecord(s.settings().changelog().releaseTable()).open(s.connection(), s.history())
                .map(ReleaseRecord.Entry::asUnverified).orElse(null);
    }

    /** The release tags of the changelog, in changelog order. */
    public static List<String> releaseTags(LiquibaseSession s) throws Exception {
        return TagRule.declaredTags(s.applicableChangeSets());
    }

    public static String currentTag(List<RanChangeSet> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).getTag() != null) {
                return history.get(i).getTag();
            }
        }
        return null;
    }
}
