package io.dbsteps;

import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.TagRule;

import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;

/**
 * What a fleet update would apply on a target: the pending changesets up to the goal (the tag, or the head), and
 * those of them that have no rollback, with which the update would be refused, as a guarded release refuses it.
 * Reads only; takes no lock and creates nothing.
 *
 * @param pending      the pending changesets up to the goal, in the order an update applies them
 * @param irreversible those without a rollback
 */
record PendingToGoal(List<String> pending, List<String> irreversible) {

    static PendingToGoal of(Settings settings, String goal) {
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
            return new PendingToGoal(List.copyOf(pending), List.copyOf(irreversible));
        });
    }
}
