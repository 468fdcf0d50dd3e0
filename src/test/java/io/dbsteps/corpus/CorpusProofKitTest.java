package io.dbsteps.corpus;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.proof.ChangelogProof;
import io.dbsteps.proof.ProofKind;
import io.dbsteps.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The proof kit on the vendored public changelogs, as a host uses it: the ones whose every changeset can be rolled back
 * pass every proof on every database they run on, with parity between them; on the others, the kit names the
 * changesets that cannot.
 */
class CorpusProofKitTest {

    @TestFactory
    Stream<DynamicNode> everyChangelogWithRollbacksPassesTheProofKit() {
        List<TestDb> databases = new ArrayList<>();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Corpus corpus : Corpus.ALL) {
            if (!corpus.provable()) {
                continue;
            }
            ChangelogProof proof = ChangelogProof.forChangelog(corpus.changelog(), corpus.prefix());
            for (TestDb.Kind kind : TestDb.Kind.values()) {
                if (corpus.databases().contains(kind)) {
                    TestDb db = TestDb.create(kind);
                    databases.add(db);
                    proof.on(db.url(), db.user(), db.password());
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(corpus.name(), proof.dynamicTests()));
        }
        return nodes.stream().onClose(() -> databases.forEach(TestDb::close));
    }

    @Test
    void onAChangelogWithChangesetsThatCannotBeRolledBackTheKitNamesThem() {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            assertThatThrownBy(() -> ChangelogProof.forChangelog("corpus/jhipster-sample-app/master.xml", "corpus_jh")
                    .on(db.url(), db.user(), db.password()).only(ProofKind.PER_CHANGESET).verify())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("per changeset 00000000000001 ")
                    .hasMessageContaining("per changeset 20150805124838-1-data ")
                    .hasMessageContaining("per changeset 20150805124936-1-data ")
                    .hasMessageContaining("per changeset 20150805125054-1-data ")
                    // createTable and dropDefaultValue: Liquibase has no automatic rollback for the second
                    .hasMessageContaining("per changeset 20150805125054-1 ")
                    .hasMessageStartingWith("5 of ");
        }
    }
}
