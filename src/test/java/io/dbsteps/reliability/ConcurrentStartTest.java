package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many instances of a host start at once and each calls {@code update()} on the same empty database: 16 processes on
 * PostgreSQL, 8 on SQLite. Every process must succeed, every changeset must be applied exactly once, and the schema
 * must end at head. {@code -Ddbsteps.reliability.rounds=N} repeats the round (the {@code reliability} profile).
 */
class ConcurrentStartTest {
    private static final Target SCHEMA = Target.shipped("codorch");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void everyProcessSucceedsAndEveryChangesetIsAppliedOnce(TestDb.Kind kind) throws Exception {
        int processes = kind == TestDb.Kind.POSTGRESQL ? 16 : 8;
        int rounds = Integer.getInteger("dbsteps.reliability.rounds", 1);
        SchemaSnapshot head;
        int changesets;
        try (TestDb reference = TestDb.create(kind); Connection c = reference.connect()) {
            changesets = SCHEMA.load(reference).update().steps().size();
            head = SchemaSnapshot.take(c, SCHEMA.excludedTables());
        }
        List<String> failures = new ArrayList<>();
        long longestWait = 0;
        for (int round = 0; round < rounds; round++) {
            try (TestDb db = TestDb.create(kind)) {
                Path go = tmp.resolve("go-" + round);
                List<ChildJvm> children = new ArrayList<>();
                for (int i = 0; i < processes; i++) {
                    children.add(ChildJvm.start(db, "update", "schema:" + SCHEMA.name(), go));
                }
                for (ChildJvm child : children) {
                    assertThat(child.awaitLine("ready"::equals, 180_000)).as("a child loaded dbsteps: %s",
                            child.output()).isTrue();
                }
                Files.createFile(go);
                int applied = 0;
                for (ChildJvm child : children) {
                    int exit = child.exitCode(600);
                    if (exit != 0) {
                        failures.add("round " + round + ", exit " + exit + ": " + child.output());
                    }
                    applied += Math.max(child.stepsDone(), 0);
                    longestWait = Math.max(longestWait, child.longestLockWait());
                }
                try (Connection c = db.connect()) {
                    assertThat(duplicateHistoryRows(c)).as("changesets recorded more than once").isEmpty();
                    assertThat(historyRows(c)).as("changesets recorded").isEqualTo(changesets);
                    assertThat(head.differencesTo(SchemaSnapshot.take(c, SCHEMA.excludedTables())))
                            .as("the schema after the concurrent starts differs from head").isEmpty();
                }
                assertThat(applied).as("changesets applied by all processes together, round %d", round)
                        .isEqualTo(changesets);
            }
        }
        Figures.record("concurrent-starts-" + kind, rounds + " round(s) of " + processes + " processes ("
                + rounds * processes + " processes), failures " + failures.size() + ", longest lock wait "
                + longestWait + " ms");
        assertThat(failures).as("processes that failed").isEmpty();
    }

    static List<String> duplicateHistoryRows(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ID, AUTHOR, FILENAME, COUNT(*) "
                + "FROM dbsteps_codorch_log GROUP BY ID, AUTHOR, FILENAME HAVING COUNT(*) > 1")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " x" + rs.getInt(4));
            }
        }
        return out;
    }

    static int historyRows(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM dbsteps_codorch_log")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
