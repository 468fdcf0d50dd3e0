package io.dbsteps.proof;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The proofs as JUnit 5 dynamic tests. JUnit is an optional dependency of dbsteps; it is only needed where this class
 * is used, so that {@link ChangelogProof#verify()} runs without it.
 */
final class JUnitProofs {
    private JUnitProofs() {
    }

    static Stream<DynamicTest> of(List<Proof> proofs) {
        return proofs.stream().map(p -> DynamicTest.dynamicTest(p.name(), p::run));
    }
}
