package io.dbsteps.harness;

import io.dbsteps.DbSteps;
import io.dbsteps.PendingChange;
import io.dbsteps.RollbackResult;
import io.dbsteps.Step;
import io.dbsteps.UpdateResult;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * Proves a changelog on one database, deriving everything from the changelog itself (its changesets, its tags)
 * and from the fixtures of its schema. Adding a release to a changelog adds its proof without new test code.
 * Every proof throws an {@link AssertionError} that says what differed.
 */
public final class ChangelogProof {
    private final Target target;

    public ChangelogProof(Target target) {
        this.target = target;
    }

    /**
     * Per changeset: apply it, snapshot, roll it back, the snapshot must equal the one before it; apply it again.
     * The snapshot after the first apply is the next changeset's "before": a re-apply that came out differently fails
     * the next comparison, and the per-tag proof compares the final re-update with head.
     */
    public void perChangeset(TestDb db) {
        DbSteps steps = target.load(db);
        try (Connection observer = db.connect()) {
            List<PendingChange> all = steps.status().pending();
            check(!all.isEmpty(), "the changelog has no changesets for " + db);
            SchemaSnapshot before = snapshot(observer);
            for (PendingChange cs : all) {
                String name = cs.id() + " on " + db;
                UpdateResult up = steps.updateCount(1);
                expectOne(up.steps(), cs, Step.Outcome.EXECUTED, "apply " + name);
                SchemaSnapshot after = snapshot(observer);
                RollbackResult down = steps.rollbackCount(1);
                expectOne(down.steps(), cs, Step.Outcome.ROLLED_BACK, "rollback " + name);
                same(before, snapshot(observer), "after the rollback of " + name + ", the schema differs from before it");
                expectOne(steps.updateCount(1).steps(), cs, Step.Outcome.EXECUTED, "re-apply " + name);
                before = after;
            }
            same(before, snapshot(observer), "after re-applying every changeset on " + db
                    + ", the schema differs from their first apply");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Per tag: update tag by tag, snapshotting at each; roll back to every tag newest first, each snapshot must
     * equal the one taken on the way up; roll back everything, the database must be empty again; update to head,
     * the snapshot must equal head.
     */
    public Map<String, SchemaSnapshot> perTag(TestDb db) {
        DbSteps steps = target.load(db);
        Map<String, SchemaSnapshot> atTag = new LinkedHashMap<>();
        try (Connection observer = db.connect()) {
            SchemaSnapshot empty = snapshot(observer);
            List<String> tags = tags(steps);
            check(!tags.isEmpty(), "the changelog has no tags; every release must end with a tagDatabase changeset");
            for (String tag : tags) {
                steps.updateTo(tag);
                SchemaSnapshot at = snapshot(observer);
                atTag.put(tag, at);
                ExpectedSnapshotFiles.check(target, tag, at.canonical());
            }
            check(steps.status().upToDate(), "changesets follow the last tag " + tags.get(tags.size() - 1)
                    + "; every release must end with its tag");
            SchemaSnapshot head = atTag.get(tags.get(tags.size() - 1));
            for (int i = tags.size() - 1; i >= 0; i--) {
                String tag = tags.get(i);
                RollbackResult r = steps.rollbackTo(tag);
                check(tag.equals(r.toTag()), "after rollback to " + tag + " on " + db + " the current tag is " + r.toTag());
                same(atTag.get(tag), snapshot(observer), "after rollback to " + tag + " on " + db
                        + ", the schema differs from the one at " + tag + " on the way up");
            }
            int applied = steps.history().applied().size();
            steps.rollbackCount(applied);
            same(empty, snapshot(observer), "after rolling back all " + applied + " changesets on " + db
                    + ", the schema is not empty again");
            steps.update();
            same(head, snapshot(observer), "after updating to head again on " + db + ", the schema differs from head");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return atTag;
    }

    /**
     * Per data set: for every tag with a fixture, load it at that tag, update to head, run the fixture's checks,
     * roll back to the tag: every table's rows must equal the originals.
     *
     * @return the number of data sets proved
     */
    public int perDataSet(Supplier<TestDb> freshDatabase) {
        int proved = 0;
        List<String> tags;
        try (TestDb probe = freshDatabase.get()) {
            tags = tags(target.load(probe));
        }
        for (String tag : tags) {
            if (!Fixture.exists(target.name(), tag)) {
                continue;
            }
            Fixture fixture = Fixture.read(target.name(), tag);
            try (TestDb db = freshDatabase.get(); Connection c = db.connect()) {
                boolean postgres = db.kind() == TestDb.Kind.POSTGRESQL;
                DbSteps steps = target.load(db);
                steps.updateTo(tag);
                FixtureLoader.load(c, postgres, fixture);
                SortedMap<String, String> original = RowChecksums.of(c, target.excludedTables());
                steps.update();
                List<String> failed = FixtureLoader.failedChecks(c, postgres, fixture);
                check(failed.isEmpty(), "data checks failed after the update from " + tag + " to head on " + db + ":\n  "
                        + String.join("\n  ", failed));
                steps.rollbackTo(tag);
                SortedMap<String, String> restored = RowChecksums.of(c, target.excludedTables());
                check(original.equals(restored), "after update and rollback to " + tag + " on " + db
                        + ", the rows differ from the fixture's:\n  before: " + original + "\n  after:  " + restored);
                proved++;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return proved;
    }

    /**
     * Across databases: at every tag, PostgreSQL and SQLite have the same tables, the same columns with the same
     * nullability, and the same foreign keys. A change that silently does nothing on one database shows here.
     */
    public void parity(TestDb postgres, TestDb sqlite) {
        DbSteps pg = target.load(postgres);
        DbSteps lite = target.load(sqlite);
        try (Connection pgObserver = postgres.connect(); Connection liteObserver = sqlite.connect()) {
            List<String> tags = tags(pg);
            check(tags.equals(tags(lite)), "the databases have different release tags: " + tags + " vs " + tags(lite));
            for (String tag : tags) {
                pg.updateTo(tag);
                lite.updateTo(tag);
                var a = snapshot(pgObserver).shape();
                var b = snapshot(liteObserver).shape();
                if (!a.equals(b)) {
                    List<String> diff = new ArrayList<>();
                    a.stream().filter(x -> !b.contains(x)).forEach(x -> diff.add("postgresql only: " + x));
                    b.stream().filter(x -> !a.contains(x)).forEach(x -> diff.add("sqlite only:     " + x));
                    throw new AssertionError(target + ": at tag " + tag + " the databases differ in shape:\n  "
                            + String.join("\n  ", diff));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The release tags of the changelog, oldest first, read from the pending changesets of an empty database. */
    static List<String> tags(DbSteps steps) {
        List<String> tags = new ArrayList<>();
        for (PendingChange p : steps.status().pending()) {
            if (p.tag() != null) {
                tags.add(p.tag());
            }
        }
        return tags;
    }

    private SchemaSnapshot snapshot(Connection observer) {
        return SchemaSnapshot.take(observer, target.excludedTables());
    }

    private void same(SchemaSnapshot expected, SchemaSnapshot actual, String what) {
        List<String> diff = expected.differencesTo(actual);
        if (!diff.isEmpty()) {
            throw new AssertionError(target + ": " + what + ":\n  " + String.join("\n  ", diff));
        }
    }

    private void expectOne(List<Step> done, PendingChange cs, Step.Outcome outcome, String what) {
        check(done.size() == 1 && done.get(0).id().equals(cs.id()) && done.get(0).outcome() == outcome,
                what + ": expected exactly " + cs.id() + " " + outcome + ", got " + done);
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(target + ": " + message);
        }
    }
}
