package io.dbsteps.harness;

import io.dbsteps.DbSteps;
import io.dbsteps.PendingChange;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The per-data-set proof of the shipped schemas, which needs their fixtures and so stays in the tests (the
 * per-changeset, per-tag and parity proofs are the proof kit's, {@link io.dbsteps.proof.ChangelogProof}). For every tag
 * with a fixture: load it at that tag, update to head, run the fixture's checks, roll back to the tag: every table's
 * rows must equal the originals.
 */
public final class DataSetProof {
    private final Target target;

    public DataSetProof(Target target) {
        this.target = target;
    }

    /** @return the number of data sets proved */
    public int prove(Supplier<TestDb> freshDatabase) {
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

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(target + ": " + message);
        }
    }
}
