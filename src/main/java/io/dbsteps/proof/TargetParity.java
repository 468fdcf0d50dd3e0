package io.dbsteps.proof;

import io.dbsteps.AppliedChange;
import io.dbsteps.PendingChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * Parity between two targets at every tag and at head. Of the same kind of database, they must have the same schema
 * and the same history (ids, authors, files, checksums, outcomes, tags, descriptions); of different kinds, the same
 * {@link SchemaShape} and the same tags.
 */
final class TargetParity {
    private final ProofTarget first;
    private final ProofTarget other;

    TargetParity(ProofTarget first, ProofTarget other) {
        this.first = first;
        this.other = other;
    }

    void prove() {
        first.reset();
        other.reset();
        List<String> tags = tags(first);
        if (!tags.equals(tags(other))) {
            throw new AssertionError(first + " and " + other + " have different tags in the changelog: " + tags
                    + " and " + tags(other));
        }
        for (String tag : tags) {
            first.steps().updateTo(tag);
            other.steps().updateTo(tag);
            compare("at tag " + tag + " (changeset " + carrier(first, tag) + ")");
        }
        first.steps().update();
        other.steps().update();
        compare("at head");
    }

    private void compare(String where) {
        boolean sameKind = first.dbms().equals(other.dbms());
        List<String> diff = new ArrayList<>();
        if (sameKind) {
            first.snapshot().differencesTo(other.snapshot()).forEach(d -> diff.add(d.toString().strip()));
            List<String> a = history(first);
            List<String> b = history(other);
            a.stream().filter(x -> !b.contains(x)).forEach(x -> diff.add("first target only: " + x));
            if (diff.isEmpty() && !a.equals(b)) {
                diff.add("the same changesets applied in another order: " + a + " vs " + b);
            }
            b.stream().filter(x -> !a.contains(x)).forEach(x -> diff.add("other target only: " + x));
        } else {
            SortedSet<String> a = SchemaShape.of(first.snapshot());
            SortedSet<String> b = SchemaShape.of(other.snapshot());
            a.stream().filter(x -> !b.contains(x)).forEach(x -> diff.add(first.dbms() + " only: " + x));
            b.stream().filter(x -> !a.contains(x)).forEach(x -> diff.add(other.dbms() + " only: " + x));
        }
        if (!diff.isEmpty()) {
            throw new AssertionError(where + ", " + first + " and " + other + " differ:\n  " + Differences.text(diff));
        }
    }

    private static List<String> history(ProofTarget target) {
        List<String> out = new ArrayList<>();
        for (AppliedChange a : target.steps().history().applied()) {
            out.add(a.id() + " by " + a.author() + " in " + a.file() + " [" + a.outcome() + ", " + a.checksum()
                    + (a.tag() == null ? "" : ", tag " + a.tag()) + ", " + a.description() + "]");
        }
        return out;
    }

    private static List<String> tags(ProofTarget target) {
        Set<String> tags = new LinkedHashSet<>();
        for (PendingChange cs : target.changesets()) {
            if (cs.tag() != null) {
                tags.remove(cs.tag());
                tags.add(cs.tag());
            }
        }
        return new ArrayList<>(tags);
    }

    private static String carrier(ProofTarget target, String tag) {
        String id = null;
        for (PendingChange cs : target.changesets()) {
            if (tag.equals(cs.tag())) {
                id = cs.id();
            }
        }
        return id;
    }
}
