package io.dbsteps.corpus;

import io.dbsteps.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The vendored public changelogs under {@code src/test/resources/corpus/} (each folder's SOURCE.md says where it comes
 * from, at which commit, under which licence, and what was changed), with the databases each runs on and the
 * rollbacks the differential test makes on them, newest first.
 *
 * @param name       the folder
 * @param changelog  the classpath path of its master changelog
 * @param databases  the databases it runs on
 * @param rollbacks  the rollbacks by count, in order, each with what dbsteps must do
 * @param provable   whether every changeset has a rollback, so that the proof kit must pass on it
 */
record Corpus(String name, String changelog, Set<TestDb.Kind> databases, List<Rollback> rollbacks, boolean provable) {

    /**
     * A rollback of the last {@code count} changesets.
     *
     * @param count   how many
     * @param refused {@code true} if a changeset among them has no rollback: dbsteps refuses before anything runs
     *                (plain Liquibase 4.33 also refuses these up front)
     */
    record Rollback(int count, boolean refused) {
        @Override
        public String toString() {
            return "rollback-count " + count + (refused ? " (refused)" : "");
        }
    }

    static final Set<TestDb.Kind> BOTH = Set.of(TestDb.Kind.POSTGRESQL, TestDb.Kind.SQLITE);

    static final List<Corpus> ALL = List.of(
            new Corpus("liquibase-rollback (XML)", "corpus/liquibase-rollback/rollback.tests.changelog.xml",
                    Set.of(TestDb.Kind.SQLITE), List.of(new Rollback(3, false), new Rollback(5, false)), true),
            new Corpus("liquibase-init-example (YAML)", "corpus/liquibase-init-example/example-changelog.yaml", BOTH,
                    List.of(new Rollback(1, false), new Rollback(2, false)), true),
            new Corpus("jhipster-sample-app (XML)", "corpus/jhipster-sample-app/master.xml",
                    Set.of(TestDb.Kind.POSTGRESQL), List.of(new Rollback(2, false), new Rollback(3, true)), false));

    /** Its tracking-table prefix for dbsteps. */
    String prefix() {
        return "corpus_" + changelog.split("/")[1].replace('-', '_');
    }

    /** Every changelog on every database it runs on, as JUnit arguments (corpus, kind). */
    static Stream<Arguments> onTheirDatabases() {
        List<Arguments> out = new ArrayList<>();
        for (Corpus c : ALL) {
            for (TestDb.Kind kind : TestDb.Kind.values()) {
                if (c.databases().contains(kind)) {
                    out.add(Arguments.of(c, kind));
                }
            }
        }
        return out.stream();
    }

    @Override
    public String toString() {
        return name;
    }
}
