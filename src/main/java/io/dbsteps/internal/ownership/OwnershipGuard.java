package io.dbsteps.internal.ownership;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.MarkedRanPolicy;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.rollback.RollbackPlanner;
import io.dbsteps.internal.undo.RollbackRenderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;

/**
 * Refuses, before anything runs, an update or rollback that would touch what the schema does not own: a table that
 * another schema in the namespace owns ({@link Ownership}), named by the step's changes ({@link ChangeText}); and, in a
 * rollback, a changeset that was marked ran (its object was found, not created) whose undo drops something, unless
 * the caller asked for such steps ({@link MarkedRanPolicy#UNDO}).
 */
public final class OwnershipGuard {
    private static final Pattern DROPS = Pattern.compile("(?i)\\bDROP\\b");

    private OwnershipGuard() {
    }

    /** Refuses an update whose pending changesets name tables another schema owns. */
    public static void checkUpdate(LiquibaseSession s, List<ChangeSet> pending, String action) throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Ownership.Owner> elsewhere = Ownership.of(s).ownedElsewhere();
        if (elsewhere.isEmpty()) {
            return;
        }
        Conflicts conflicts = new Conflicts(elsewhere);
        for (ChangeSet cs : pending) {
            conflicts.add(AdoptionCheck.name(cs), ChangeText.of(cs.getChanges()));
        }
        conflicts.refuse(s, action, "create, change or mark as its own");
    }

    /** Refuses a rollback that would undo steps on tables another schema owns, or marked-ran steps that drop. */
    public static void checkRollback(LiquibaseSession s, List<RollbackPlanner.Item> items, MarkedRanPolicy markedRan,
            String action) throws Exception {
        if (items.isEmpty()) {
            return;
        }
        Map<String, Ownership.Owner> elsewhere = Ownership.of(s).ownedElsewhere();
        Conflicts conflicts = new Conflicts(elsewhere);
        List<String> marked = new ArrayList<>();
        for (RollbackPlanner.Item item : items) {
            String text;
            List<String> statements;
            if (item.changeSet() != null) {
                ChangeSet cs = item.changeSet();
                text = ChangeText.of(cs.getChanges())
                        + (cs.getRollback() == null ? "" : " " + ChangeText.of(cs.getRollback().getChanges()));
                RollbackRenderer.Rendered r = RollbackRenderer.render(cs, s.database());
                statements = r.drops().isEmpty() ? r.statements() : List.of("DROP");
            } else {
                statements = item.stored().statements();
                text = String.join("\n", statements);
            }
            if (!elsewhere.isEmpty()) {
                conflicts.add(item.name(), text);
            }
            if (markedRan == MarkedRanPolicy.REFUSE && isMarkedRan(item.row())
                    && statements.stream().anyMatch(st -> DROPS.matcher(st).find())) {
                marked.add(item.name());
            }
        }
        conflicts.refuse(s, action, "undo changes to");
        if (!marked.isEmpty()) {
            throw new DbStepsException(ErrorCode.MARKED_RAN_STEP, "Schema " + s.schema() + ": " + action
                    + " refused before anything ran: it would undo " + marked.size() + " changeset(s) that were "
                    + "marked ran, not run (their objects were already there, made by hand or by someone else, and "
                    + "dbsteps did not create them), and their undo drops objects: " + String.join(", ", marked)
                    + ". Nothing was changed. Roll back to a later tag, or include these steps explicitly "
                    + "(MarkedRanPolicy.UNDO, CLI --undo-marked-ran) if those objects are to be dropped.");
        }
    }

    public static boolean isMarkedRan(RanChangeSet row) {
        return row.getExecType() == ChangeSet.ExecType.MARK_RAN;
    }

    /** The steps that name tables owned elsewhere, grouped by owner. */
    private static final class Conflicts {
        private final Map<String, Ownership.Owner> elsewhere;
        private final Map<Ownership.Owner, Set<String>> tables = new LinkedHashMap<>();
        private final Map<Ownership.Owner, Set<String>> steps = new LinkedHashMap<>();

        Conflicts(Map<String, Ownership.Owner> elsewhere) {
            this.elsewhere = elsewhere;
        }

        void add(String step, String text) {
            if (elsewhere.isEmpty()) {
                return;
            }
            for (String table : ChangeText.tablesNamed(text, elsewhere.keySet())) {
                Ownership.Owner owner = elsewhere.get(table.toLowerCase(Locale.ROOT));
                tables.computeIfAbsent(owner, o -> new TreeSet<>()).add(table);
                steps.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(step);
            }
        }

        void refuse(LiquibaseSession s, String action, String verb) {
            if (tables.isEmpty()) {
                return;
            }
            List<String> parts = new ArrayList<>();
            tables.forEach((owner, names) -> {
                List<String> st = new ArrayList<>(steps.get(owner));
                parts.add("table(s) " + String.join(", ", names) + " of schema " + owner.name() + " (history in "
                        + owner.logTable() + "), named by " + st.size() + " changeset(s) such as " + st.get(0));
            });
            throw new DbStepsException(ErrorCode.OWNED_ELSEWHERE, "Schema " + s.schema() + ": " + action
                    + " refused before anything ran: it would " + verb + " objects that another schema owns in this "
                    + "namespace: " + String.join("; ", parts) + ". Nothing was changed. Schemas whose table names "
                    + "overlap cannot share a namespace: give " + s.schema() + " a namespace of its own (on PostgreSQL "
                    + "namespace(\"" + s.schema() + "\") in the API, --namespace " + s.schema() + " in the CLI, or "
                    + "currentSchema in the URL) or a database of its own (on SQLite, another file).");
        }
    }
}
