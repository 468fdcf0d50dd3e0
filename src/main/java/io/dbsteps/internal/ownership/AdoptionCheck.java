package io.dbsteps.internal.ownership;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.liquibase.LiquibaseSession;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import liquibase.changelog.ChangeSet;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.core.PreconditionContainer;

/**
 * Adoption checks the shape, not the name. A changeset whose precondition ({@code onFail: MARK_RAN}) finds that its
 * work is already done is recorded as applied without running: that is how a database migrated partly by hand
 * converges. Before an update runs anything, every pending changeset whose precondition would mark it ran on the
 * live database now is compared with what it would have done: the changelog is replayed in a scratch database
 * ({@link ScratchReplay}), and each object the step creates or changes there (and, for a table it creates, every
 * column, key, index and trigger of the live table) must have, live, the shape the step gives it, or one that a later
 * step of the changelog gives it (a hand migration that went further). Columns are compared by definition; a
 * constraint, index or trigger by name. Anything else is refused before anything runs,
 * with the differences; so is an adoption whose expected shape cannot be learnt because the replay failed.
 */
public final class AdoptionCheck {
    private static final int SHOWN = 12;

    private AdoptionCheck() {
    }

    public static void check(LiquibaseSession s, List<ChangeSet> pending, String action) throws Exception {
        List<ChangeSet> applicable = s.applicableChangeSets();
        SchemaSnapshot live = ShapeReader.read(s.connection());
        Set<String> liveNames = names(live);
        List<Integer> adopting = new ArrayList<>();
        for (ChangeSet cs : pending) {
            // a step that names no existing object cannot be adopting one (a drop step whose object is not there yet
            // is marked ran too, and needs no replay); only the rest have their preconditions checked
            if (!ChangeText.tablesNamed(ChangeText.of(cs.getChanges()), liveNames).isEmpty() && wouldMarkRan(s, cs)) {
                adopting.add(applicable.indexOf(cs));
            }
        }
        adopting.removeIf(i -> i < 0);
        if (adopting.isEmpty()) {
            return;
        }
        Set<Integer> points = new TreeSet<>();
        for (int i : adopting) {
            points.add(i);
            points.add(i + 1);
        }
        points.add(applicable.size());
        Map<Integer, SchemaSnapshot> shapes;
        try {
            shapes = ScratchReplay.shapes(s, applicable, points);
        } catch (ScratchReplay.Unknowable e) {
            ChangeSet first = applicable.get(adopting.get(0));
            throw new DbStepsException(ErrorCode.ADOPTION_REFUSED, "Schema " + s.schema() + ": " + action
                    + " refused before anything ran: changeset " + name(first) + " would be marked ran because its "
                    + "precondition finds its work done, but what it creates cannot be known: " + e.getMessage()
                    + ". Nothing was changed. Bring the object to the changeset's shape by hand and record it, or "
                    + "remove the object so that the changeset creates it.", e);
        }
        List<String> differences = new ArrayList<>();
        for (int i : adopting) {
            differences.addAll(compare(name(applicable.get(i)), shapes.get(i), shapes.get(i + 1),
                    later(shapes, i + 1), live));
        }
        if (!differences.isEmpty()) {
            List<String> shown = differences.stream().limit(SHOWN).toList();
            throw new DbStepsException(ErrorCode.ADOPTION_REFUSED, "Schema " + s.schema() + ": " + action
                    + " refused before anything ran: existing objects have the names of objects its changesets "
                    + "create, but not their shape, so they are not adopted (marked ran): " + String.join("; ", shown)
                    + (differences.size() > SHOWN ? "; and " + (differences.size() - SHOWN) + " more" : "")
                    + ". Nothing was changed. If these objects belong to something else (another schema, the host), "
                    + "give this schema a database or namespace of its own; if they were made by hand for this "
                    + "schema, bring them to the changeset's shape first.");
        }
    }

    /** The names of the live objects: tables, views, and each table's constraints, indexes and triggers; enum types. */
    private static Set<String> names(SchemaSnapshot live) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : live.objects().keySet()) {
            String[] parts = key.split("/");
            if (parts[0].equals("table") && parts.length == 2) {
                out.add(parts[1]);
            } else if (parts[0].equals("table") && parts.length == 4 && !parts[2].equals("column")
                    && !parts[3].startsWith("(")) {
                out.add(parts[3]);
            } else if (parts.length == 2) {
                out.add(parts[1]);
            }
        }
        return out;
    }

    private static List<SchemaSnapshot> later(Map<Integer, SchemaSnapshot> shapes, int from) {
        return shapes.entrySet().stream().filter(e -> e.getKey() >= from).map(Map.Entry::getValue).toList();
    }

    /** What the step changed between before and after, compared with the live objects. */
    private static List<String> compare(String step, SchemaSnapshot before, SchemaSnapshot after,
            List<SchemaSnapshot> acceptable, SchemaSnapshot live) {
        Set<String> changed = new TreeSet<>();
        Set<String> all = new HashSet<>(before.objects().keySet());
        all.addAll(after.objects().keySet());
        for (String k : all) {
            if (!Objects.equals(before.objects().get(k), after.objects().get(k))) {
                changed.add(k);
            }
        }
        Set<String> createdTables = new TreeSet<>();
        for (String k : changed) {
            if (k.startsWith("table/") && k.indexOf('/', 6) < 0 && !before.objects().containsKey(k)) {
                createdTables.add(k);
            }
        }
        Set<String> keys = new TreeSet<>(changed);
        for (String table : createdTables) {
            if (live.objects().containsKey(table)) {
                live.objects().keySet().stream().filter(k -> k.startsWith(table + "/")).forEach(keys::add);
            }
        }
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String table = tableKey(k);
            boolean inCreatedLiveTable = table != null && createdTables.contains(table)
                    && live.objects().containsKey(table);
            String found = live.objects().get(k);
            if (found == null && !inCreatedLiveTable) {
                continue; // not there: the step creates it, nothing is adopted
            }
            // Columns must have a shape the changelog gives them. A constraint, index or trigger made by hand may read
            // differently while its columns are not yet at their final types (a hand migration's order is not the
            // changelog's); it must carry a name the changelog gives that table, whose later steps bring it to shape.
            boolean column = k.contains("/column/") || !k.startsWith("table/") || k.indexOf('/', 6) < 0;
            boolean ok = acceptable.stream().anyMatch(snap -> column ? Objects.equals(snap.objects().get(k), found)
                    : found == null ? !snap.objects().containsKey(k) : snap.objects().containsKey(k));
            if (!ok) {
                String expected = after.objects().get(k);
                out.add(step + ": " + k + (found == null ? " is missing"
                        : expected == null ? " = " + found + " is not created by it"
                        : " is " + found + ", it creates " + expected));
            }
        }
        return out;
    }

    private static String tableKey(String key) {
        if (!key.startsWith("table/")) {
            return null;
        }
        int end = key.indexOf('/', 6);
        return end < 0 ? key : key.substring(0, end);
    }

    /** Whether the changeset's precondition, checked on the live database now, would mark it ran. */
    private static boolean wouldMarkRan(LiquibaseSession s, ChangeSet cs) throws Exception {
        PreconditionContainer p = cs.getPreconditions();
        if (p == null || (p.getOnFail() != PreconditionContainer.FailOption.MARK_RAN
                && p.getOnError() != PreconditionContainer.ErrorOption.MARK_RAN)) {
            return false;
        }
        // A precondition's query that fails aborts PostgreSQL's open transaction; a savepoint keeps the session usable.
        java.sql.Connection c = s.connection();
        java.sql.Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
        try {
            p.check(s.database(), s.changeLog(), cs, null);
            return false;
        } catch (PreconditionFailedException e) {
            return p.getOnFail() == PreconditionContainer.FailOption.MARK_RAN;
        } catch (PreconditionErrorException e) {
            return p.getOnError() == PreconditionContainer.ErrorOption.MARK_RAN;
        } finally {
            if (savepoint != null) {
                c.rollback(savepoint);
            }
        }
    }

    public static String name(ChangeSet cs) {
        return cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor();
    }
}
