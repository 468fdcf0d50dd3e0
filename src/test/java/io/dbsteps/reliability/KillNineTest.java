package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.harness.Target;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import io.dbsteps.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process killed with SIGKILL in the middle of an update or a rollback leaves nothing that needs a person: the next
 * process's {@code update()} completes on its own, and the schema and every row then equal a database that was
 * updated to head without interruption. The changelog ({@code killable/changelog.yaml}) has 38 changesets with data
 * and one changeset that is slow both ways; each trial kills at a random point: while the process starts, or a random
 * time after a random changeset. At least half the trials must catch the process still working.
 * {@code -Ddbsteps.reliability.trials=N} sets the trials per case (at least 5; the {@code reliability} profile runs
 * 20), {@code -Ddbsteps.reliability.seed=S} repeats a run's kill points.
 */
class KillNineTest {
    private static final Target KILLABLE = Target.custom("killable", "killable/changelog.yaml", "killable");
    /** Changesets between the tags 1.0 and 2.0, the span each trial's killed process works on. */
    private static final int SPAN = 35;

    /**
     * UPDATE_COMPILED and ROLLBACK_COMPILED: the same changelog with its compiled form beside it, so the killed update
     * or rollback runs without Liquibase.
     */
    enum Direction {
        UPDATE, ROLLBACK, UPDATE_COMPILED, ROLLBACK_COMPILED;

        boolean compiled() {
            return this == UPDATE_COMPILED || this == ROLLBACK_COMPILED;
        }

        boolean rollback() {
            return this == ROLLBACK || this == ROLLBACK_COMPILED;
        }
    }

    /** Where the copy of the changelog with a compiled form lives, on the tests' class path. */
    private static final String COMPILED = "killable-compiled/changelog.yaml";

    /** Copies the changelog beside the test classes and writes its compiled form there, as a host's build does. */
    private static void compileACopy() throws Exception {
        Path classes = Path.of(KillNineTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path copy = classes.resolve(COMPILED);
        java.nio.file.Files.createDirectories(copy.getParent());
        try (java.io.InputStream in = KillNineTest.class.getClassLoader().getResourceAsStream(KILLABLE.path())) {
            java.nio.file.Files.write(copy, in.readAllBytes());
        }
        ChildJvm.Result r = ChildJvm.run(List.of(), java.util.Map.of(), "io.dbsteps.ManifestWriter", classes.toString(),
                COMPILED);
        assertThat(r.code()).as(r.output()).isZero();
    }

    static Stream<Arguments> cases() {
        return Stream.of(TestDb.Kind.values())
                .flatMap(kind -> Stream.of(Direction.values()).map(direction -> Arguments.of(kind, direction)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void aKilledProcessLeavesNothingTheNextUpdateCannotFinish(TestDb.Kind kind, Direction direction) throws Exception {
        int trials = Math.max(5, Integer.getInteger("dbsteps.reliability.trials", 5));
        long seed = Long.getLong("dbsteps.reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        SchemaSnapshot head;
        SortedMap<String, String> headRows;
        try (TestDb reference = TestDb.create(kind); Connection c = reference.connect()) {
            KILLABLE.load(reference).update();
            head = SchemaSnapshot.take(c, KILLABLE.excludedTables());
            headRows = RowChecksums.of(c, KILLABLE.excludedTables());
        }
        String victimChangelog = "changelog:" + (direction.compiled() ? COMPILED : KILLABLE.path())
                + ":" + KILLABLE.tablePrefix();
        if (direction.compiled()) {
            compileACopy();
            List<CompiledChangelog.Step> compiled = CompiledChangelog.shipped(KillNineTest.class.getClassLoader(),
                    COMPILED, kind.toString(), List.of(), java.util.Map.of()).orElseThrow().steps();
            assertThat(compiled.subList(compiled.size() - SPAN, compiled.size()))
                    .as("the span the killed process works on runs compiled both ways")
                    .allMatch(st -> st.plain() && st.undo() != null);
        }
        List<String> failures = new ArrayList<>();
        int killedMidway = 0;
        int takenOver = 0;
        long longestWait = 0;
        for (int trial = 0; trial < trials; trial++) {
            try (TestDb db = TestDb.create(kind)) {
                DbSteps steps = KILLABLE.load(db);
                if (!direction.rollback()) {
                    steps.updateTo("1.0");
                } else {
                    steps.update();
                }
                // -1: while the process starts, loads the changelog and takes the lock; else after that changeset
                int after = random.nextInt(SPAN - 2) - 1;
                long delay = random.nextInt(after < 0 ? 400 : 60);
                String point = (after < 0 ? "at start-up + " : "after changeset " + (after + 1) + " of " + SPAN
                        + " + ") + delay + " ms";
                ChildJvm victim = ChildJvm.start(db, direction.rollback() ? "rollback:1.0" : "update",
                        victimChangelog, null);
                boolean reached = after < 0 ? victim.awaitLine("ready"::equals, 120_000)
                        : victim.awaitLines(l -> l.startsWith("step "), after + 1, 300_000);
                Thread.sleep(delay);
                boolean alive = victim.kill();
                if (alive && reached) {
                    killedMidway++;
                }
                ChildJvm next = ChildJvm.start(db, "update", victimChangelog, null);
                int exit = next.exitCode(600);
                longestWait = Math.max(longestWait, next.longestLockWait());
                takenOver += next.lines().stream().anyMatch(l -> l.contains("Took over the lock")) ? 1 : 0;
                try (Connection c = db.connect()) {
                    List<String> schema = head.differencesTo(SchemaSnapshot.take(c, KILLABLE.excludedTables()));
                    SortedMap<String, String> rows = RowChecksums.of(c, KILLABLE.excludedTables());
                    if (exit != 0 || !schema.isEmpty() || !rows.equals(headRows)) {
                        failures.add("trial " + trial + ", killed " + point + (alive ? "" : " (it had finished)")
                                + ": next update exited " + exit + ", schema differences " + schema + ", rows "
                                + (rows.equals(headRows) ? "equal" : rows + " instead of " + headRows) + "\n"
                                + next.output());
                    }
                }
            }
        }
        Figures.record("kill-9-" + kind + "-" + direction.name().toLowerCase(), trials + " trials, " + killedMidway
                + " killed mid-way, lock rows of a killed process taken over " + takenOver + ", failures "
                + failures.size() + ", longest lock wait after a kill " + longestWait
                + " ms, seed " + seed);
        assertThat(failures).as("trials after which the next update did not restore head (seed %d)", seed).isEmpty();
        assertThat(killedMidway).as("trials that really killed a working process (seed %d)", seed)
                .isGreaterThanOrEqualTo(trials / 2);
    }
}
