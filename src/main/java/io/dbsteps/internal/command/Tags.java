package io.dbsteps.internal.command;

import io.dbsteps.TagResult;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.HistoryTable;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagAliases;
import io.dbsteps.internal.liquibase.TagRule;
import java.util.List;
import java.util.Optional;
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

    /**
     * The number of applied changesets of the state the name (a history tag or a further name, in any case) names:
     * 0 for the empty state; empty if no state has it.
     */
    static Optional<Integer> namedState(LiquibaseSession s, String name) throws Exception {
        List<RanChangeSet> history = s.history();
        int index = TagRule.appliedIndex(name, history);
        if (index >= 0) {
            return Optional.of(index + 1);
        }
        return TagAliases.find(name, TagAliases.of(s.settings().changelog()).current(s.connection(), history))
                .map(a -> a.row() == null ? 0 : history.indexOf(a.row()) + 1);
    }

    /** Gives the current state a name, under the lock; the caller has checked that no state has it. */
    static void nameCurrentState(LiquibaseSession s, String name) throws Exception {
        List<RanChangeSet> history = s.history();
        TagAliases names = TagAliases.of(s.settings().changelog());
        if (history.isEmpty()) { // the state before the first changeset: a rollback to it undoes everything
            names.add(s.connection(), name, null);
            return;
        }
        RanChangeSet last = history.get(history.size() - 1);
        if (last.getTag() == null) {
            HistoryTable.tag(s.database(), last, name);
        } else { // Liquibase's history holds one tag per row: a further name is dbsteps' own
            names.add(s.connection(), name, last);
        }
    }

    public TagResult tag(String tag) {
        arguments.checkTagName(tag);
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "tag " + tag, s -> {
            s.lockAndRereadHistory();
            List<RanChangeSet> history = s.history();
            if (namedState(s, tag).isPresent()) {
                throw arguments.invalid("tag '" + tag + "' already exists in the history. Choose another name");
            }
            if (History.releaseTags(s).stream().anyMatch(t -> TagRule.matchesApplied(tag, t))) { // updateToTag would stop here
                throw arguments.invalid("tag '" + tag + "' is a release tag of the changelog. Choose another name");
            }
            nameCurrentState(s, tag);
            return new TagResult(s.schema(), tag, history.isEmpty() ? null : history.get(history.size() - 1).getId(),
                    Elapsed.since(start));
        });
    }
}
