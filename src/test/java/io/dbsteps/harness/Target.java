package io.dbsteps.harness;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.proof.ChangelogProof;
import io.dbsteps.testing.TestDb;

/**
 * A changelog the harness proves: a shipped schema, or any classpath changelog with its tracking-table prefix.
 *
 * @param name        the schema name, used to find fixtures under {@code fixtures/<name>/}
 * @param path        the classpath changelog path, or {@code null} for a shipped schema
 * @param tablePrefix the tracking-table prefix
 */
public record Target(String name, String path, String tablePrefix) {

    public static Target shipped(String schema) {
        return new Target(schema, null, "dbsteps_" + schema);
    }

    public static Target custom(String name, String path, String tablePrefix) {
        return new Target(name, path, tablePrefix);
    }

    public DbSteps load(TestDb db) {
        DbStepsBuilder b = db.configure();
        return (path == null ? b.schema(name) : b.changelog(path, tablePrefix)).load();
    }

    /** The classpath path of the changelog: the given one, or the shipped schema's. */
    public String changelogPath() {
        return path == null ? "dbsteps/" + name + "/changelog.yaml" : path;
    }

    /** The proof kit's proof of this changelog on the given databases. */
    public ChangelogProof proof(TestDb... dbs) {
        ChangelogProof proof = ChangelogProof.forChangelog(changelogPath(), tablePrefix);
        for (TestDb db : dbs) {
            proof.on(db.url(), db.user(), db.password());
        }
        return proof;
    }

    /** The tables the harness leaves out of schema and data comparisons: tracking tables and rollback archives. */
    public String excludedTables() {
        return "(" + tablePrefix + "_.*|dbsteps_archive_.*)";
    }

    @Override
    public String toString() {
        return name;
    }
}
