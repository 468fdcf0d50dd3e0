package io.dbsteps.proof;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.Drift;
import io.dbsteps.PendingChange;
import io.dbsteps.RollbackResult;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The per-changeset and per-tag round trips on one target. The per-changeset proofs run in the changelog's order and
 * hand the state on: each starts where the one before left the target, or, after a failure, from a reset target
 * brought forward to the changeset before it.
 */
final class RoundTrips {
    private final ProofTarget target;
    private final BiConsumer<String, SchemaSnapshot> atEachTag;
    /** How many changesets are applied when the last per-changeset proof succeeded, and the schema then; -1 if unknown. */
    private int applied = -1;
    private SchemaSnapshot current;

    RoundTrips(ProofTarget target, BiConsumer<String, SchemaSnapshot> atEachTag) {
        this.target = target;
        this.atEachTag = atEachTag;
    }

    /**
     * Per changeset: apply it, snapshot, roll it back, the schema must equal the one before it; apply it again, the
     * schema must equal the first apply's.
     *
     * @param index the changeset's position among the target's changesets
     */
    void perChangeset(int index) {
        PendingChange cs = target.changesets().get(index);
        DbSteps steps = target.steps();
        applied = -1;
        SchemaSnapshot before = reach(index);
        String what = "changeset " + cs.id() + " (" + cs.file() + ") on " + target;
        expect(steps.updateCount(1).steps(), cs, false, "applying " + what);
        SchemaSnapshot after = target.snapshot();
        expect(steps.rollbackCount(1, DataPolicy.DISCARD).steps(), cs, true, "rolling back " + what);
        same(before, target.snapshot(), what + ": after its rollback, the schema differs from the one before it");
        expect(steps.updateCount(1).steps(), cs, false, "re-applying " + what);
        SchemaSnapshot again = target.snapshot();
        same(after, again, what + ": applied again after its rollback, it gives another schema than the first time");
        applied = index + 1;
        current = again;
    }

    /** The schema with the first {@code count} changesets applied: the state the last proof left, or rebuilt. */
    private SchemaSnapshot reach(int count) {
        if (applied == count && current != null) {
            return current;
        }
        List<String> done = target.steps().history().applied().stream().map(a -> a.id() + "::" + a.author()).toList();
        List<String> wanted = target.changesets().subList(0, count).stream().map(c -> c.id() + "::" + c.author())
                .toList();
        if (done.equals(wanted)) {
            return target.snapshot(); // e.g. a refused rollback left the target as it was
        }
        target.reset();
        if (count > 0) {
            target.steps().updateCount(count);
        }
        return target.snapshot();
    }

    /** Per tag: see {@link ProofKind#PER_TAG}. */
    void perTag() {
        applied = -1;
        target.reset();
        DbSteps steps = target.steps();
        SchemaSnapshot empty = target.snapshot();
        Map<String, SchemaSnapshot> atTag = new LinkedHashMap<>();
        Map<String, String> carriedBy = new LinkedHashMap<>();
        for (PendingChange cs : target.changesets()) {
            if (cs.tag() != null) {
                atTag.remove(cs.tag());
                atTag.put(cs.tag(), null);
                carriedBy.put(cs.tag(), cs.id());
            }
        }
        for (String tag : atTag.keySet()) {
            steps.updateTo(tag);
            SchemaSnapshot at = target.snapshot();
            atTag.put(tag, at);
            atEachTag.accept(tag, at);
        }
        steps.update();
        SchemaSnapshot head = target.snapshot();
        List<String> newestFirst = new ArrayList<>(atTag.keySet());
        java.util.Collections.reverse(newestFirst);
        for (String tag : newestFirst) {
            String what = "tag " + tag + " (changeset " + carriedBy.get(tag) + ") on " + target;
            RollbackResult r = steps.rollbackTo(tag, DataPolicy.DISCARD);
            if (!tag.equals(r.toTag())) {
                throw new AssertionError("rollback to " + what + " ended at tag " + r.toTag());
            }
            same(atTag.get(tag), target.snapshot(), what + ": after the rollback to it, the schema differs from the "
                    + "one the update had at it");
        }
        int all = steps.history().applied().size();
        if (all > 0) {
            steps.rollbackCount(all, DataPolicy.DISCARD);
        }
        same(empty, target.snapshot(), "rolling back all " + all + " changesets on " + target
                + " does not give back the schema it had before them");
        steps.update();
        same(head, target.snapshot(), "updating to head again on " + target + " gives another schema than the "
                + "first update to head");
    }

    private static void same(SchemaSnapshot expected, SchemaSnapshot actual, String what) {
        List<Drift> diff = expected.differencesTo(actual);
        if (!diff.isEmpty()) {
            throw new AssertionError(what + ":\n  " + Differences.lines(diff));
        }
    }

    private static void expect(List<Step> done, PendingChange cs, boolean rollback, String what) {
        boolean ok = done.size() == 1 && done.get(0).id().equals(cs.id())
                && done.get(0).author().equals(cs.author())
                && (rollback ? done.get(0).outcome() == Step.Outcome.ROLLED_BACK
                        : done.get(0).outcome() != Step.Outcome.ROLLED_BACK);
        if (!ok) {
            throw new AssertionError(what + ": expected exactly changeset " + cs.id() + " to be "
                    + (rollback ? "rolled back" : "applied") + ", but dbsteps did " + done);
        }
    }
}
