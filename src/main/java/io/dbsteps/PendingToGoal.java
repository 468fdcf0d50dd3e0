package io.dbsteps;

import io.dbsteps.internal.command.CompiledPending;
import io.dbsteps.internal.command.History;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagRule;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;

/**
 * Where a fleet update of a target starts and what it would apply: the history, the pending changesets up to the goal
 * (the tag, or the head), and those of them that have no rollback, with which the update would be refused, as a
 * guarded release refuses it. Read from the compiled form with JDBC alone where {@link CompiledPending} can answer,
 * otherwise through Liquibase. Reads only; takes no lock and creates nothing.
 *
 * @param history      the history rows, oldest first
 * @param currentTag   the tag of the newest row that has one, or null
 * @param pending      the pending changesets up to the goal, in the order an update applies them
 * @param irreversible those without a rollback
 */
record PendingToGoal(List<CompiledPending.Applied> history, String currentTag, List<String> pending,
                     List<String> irreversible) {

    static PendingToGoal of(Settings settings, Connection c, String goal) {
        Optional<CompiledPending.Read> compiled = CompiledPending.read(settings, c, goal);
        if (compiled.isPresent()) { // every pending changeset has its undo compiled: none is without a rollback
            CompiledPending.Read r = compiled.get();
            return new PendingToGoal(r.history(), r.currentTag(), r.pending(), List.of());
        }
        return throughLiquibase(settings, goal);
    }

    /** The same, read through Liquibase. */
    static PendingToGoal throughLiquibase(Settings settings, String goal) {
        return LiquibaseSession.run(settings, goal == null ? "fleet update" : "fleet update to " + goal, s -> {
            if (goal != null && TagRule.declared(goal, s.applicableChangeSets()).isEmpty()) {
                throw TagRule.unknown(s.schema(), goal, s.applicableChangeSets()); // matched exactly, as Liquibase does
            }
            ShouldRunChangeSetFilter filter = new ShouldRunChangeSetFilter(s.database());
            List<String> pending = new ArrayList<>();
            List<String> irreversible = new ArrayList<>();
            for (ChangeSet cs : s.applicableChangeSets()) {
                if (filter.accepts(cs).isAccepted()) {
                    pending.add(cs.toString(false));
                    if (!cs.supportsRollback(s.database())) {
                        irreversible.add(cs.toString(false));
                    }
                }
                if (TagRule.isDeclaredAt(goal, cs)) {
                    break;
                }
            }
            List<RanChangeSet> ran = s.history();
            List<CompiledPending.Applied> history = ran.stream()
                    .map(r -> new CompiledPending.Applied(r.getId(), r.getAuthor(), r.getChangeLog())).toList();
            return new PendingToGoal(history, History.currentTag(ran), List.copyOf(pending),
                    List.copyOf(irreversible));
        });
    }
}
