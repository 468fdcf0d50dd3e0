package io.dbsteps.internal.command;

import io.dbsteps.TagResult;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.HistoryTable;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagAliases;
import io.dbsteps.internal.liquibase.TagRule;
import java.util.List;
import liquibase.changelog.RanChangeSet;

/**
 * Tagging the current state: in its history row when that has no tag, as Liquibase does; as a further name otherwise,
 * or for the empty state (see {@link TagAliases}).
 */
public final class Tags {
    private final Settings settings;
    private final Arguments arguments;

    public Tags(Settings settings) {
        this.settings = settings;
        this.arguments = new Arguments(settings);
    }

    public TagResult tag(String tag) {
        arguments.checkTagName(tag);
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "tag " + tag, s -> {
            s.lockAndRereadHistory();
            List<RanChangeSet> history = s.history();
            TagAliases names = TagAliases.of(settings.changelog());
            if (TagRule.appliedIndex(tag, history) >= 0
                    || TagAliases.find(tag, names.current(s.connection(), history)).isPresent()) {
                throw arguments.invalid("tag '" + tag + "' already exists in the history. Choose another name");
            }
            if (History.releaseTags(s).stream().anyMatch(t -> TagRule.matchesApplied(tag, t))) { // updateToTag would stop here
                throw arguments.invalid("tag '" + tag + "' is a release tag of the changelog. Choose another name");
            }
            if (history.isEmpty()) { // the state before the first changeset: a rollback to it undoes everything
                names.add(s.connection(), tag, null);
                return new TagResult(s.schema(), tag, null, Elapsed.since(start));
            }
            RanChangeSet last = history.get(history.size() - 1);
            if (last.getTag() == null) {
                HistoryTable.tag(s.database(), last, tag);
            } else { // Liquibase's history holds one tag per row: a further name is dbsteps' own
                names.add(s.connection(), tag, last);
            }
            return new TagResult(s.schema(), tag, last.getId(), Elapsed.since(start));
        });
    }
}
