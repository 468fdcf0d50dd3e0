package io.dbsteps.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.proof.ProofKind;
import io.dbsteps.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tag of every shipped schema rolls back exactly, on PostgreSQL and SQLite (the proof kit's proof), and the
 * expected schemas shipped for the drift check are the ones the tags produce.
 */
class PerTagProofTest {

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#onEveryDatabase")
    void everyTagRollsBackExactly(Target target, TestDb.Kind kind) {
        List<String> tags = new ArrayList<>();
        try (TestDb db = TestDb.create(kind)) {
            target.proof(db).only(ProofKind.PER_TAG).atEachTag((tag, snapshot) -> {
                tags.add(tag);
                ExpectedSnapshotFiles.check(target.name(), tag, snapshot);
            }).verify();
        }
        assertThat(tags).as("every release of %s ends with a tagDatabase changeset", target).isNotEmpty();
    }
}
