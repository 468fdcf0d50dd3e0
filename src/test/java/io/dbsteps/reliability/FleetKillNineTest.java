package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsFleet;
import io.dbsteps.FleetResult;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.TargetResult;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.testing.TenantTargets;
import io.dbsteps.testing.TenantTargets.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * A process killed with SIGKILL in the middle of a fleet update, over 40 targets (20 PostgreSQL namespaces, 20 SQLite
 * files) at release 1.0: every target is then as it was, at the goal, or half-way with the fleet's record of where
 * it started; none is half-way without it. The next fleet update finishes the job: every target equals a target
 * updated without interruption, schema and rows, and no record is left. The kill comes after a few targets have
 * finished, whatever the timing; the assertions hold for any kill point.
 */
class FleetKillNineTest {
    private static final String CHANGELOG = "fleet/changelog.yaml";
    private static final String EXCLUDED = "(fleet_.*|dbsteps_archive_.*)";
    private static final int RELEASE_1_ROWS = 3;
    private static final int HEAD_ROWS = 9;

    @Test
    void aFleetKilledMidWayLeavesNoTargetHalfDoneWithoutItsRecordAndTheNextRunFinishes() throws Exception {
        try (TenantTargets tenants = TenantTargets.create(20, 20)) {
            DbStepsFleet fleet = fleet(tenants.all());
            assertThat(fleet.updateTo("1.0").allAtGoal()).isTrue();
            Path file = Files.createTempFile("dbsteps-fleet-", ".targets");
            try {
                List<String> lines = new ArrayList<>();
                String password = null;
                for (Tenant t : tenants.all()) {
                    lines.add(t.name() + "\t" + t.url() + "\t" + (t.user() == null ? "" : t.user()));
                    password = t.password() != null ? t.password() : password;
                }
                Files.write(file, lines);
                Map<String, String> env = new HashMap<>();
                if (password != null) {
                    env.put("DBSTEPS_CHILD_PASSWORD", password);
                }
                ChildJvm victim = ChildJvm.startMain(env, FleetChild.class.getName(), file.toString(), CHANGELOG,
                        "fleet", "4");
                assertThat(victim.awaitLine("ready"::equals, 120_000)).as(victim.output()).isTrue();
                boolean caught = awaitHalfDoneNamespace(tenants.get("t01"), 300_000);
                boolean alive = victim.kill();
                assertThat(alive).as("the child was still working when it was killed:\n%s", victim.output()).isTrue();

                int halfDone = 0;
                List<String> unrecorded = new ArrayList<>();
                for (Tenant t : tenants.all()) {
                    try (Connection c = t.connect()) {
                        int rows = count(c);
                        boolean record = hasTable(c, "fleet_fleet");
                        if (rows != RELEASE_1_ROWS && rows != HEAD_ROWS) {
                            halfDone++;
                            if (!record) {
                                unrecorded.add(t.name() + " (" + rows + " changesets)");
                            }
                        }
                    }
                }
                assertThat(unrecorded).as("targets half-way without a record; child alive at kill: %s", alive)
                        .isEmpty();

                FleetResult rerun = fleet.update();

                assertThat(rerun.targets()).allSatisfy(r -> assertThat(r.atGoal()).as(r.message()).isTrue());
                Reference expected = reference(tenants);
                for (Tenant t : tenants.all()) {
                    try (Connection c = t.connect()) {
                        Reference ref = t.kind() == io.dbsteps.testing.TestDb.Kind.POSTGRESQL ? expected.pg : expected;
                        assertThat(ref.schema.differencesTo(SchemaSnapshot.of(c).withoutTables(EXCLUDED)))
                                .as(t.name()).isEmpty();
                        assertThat(RowChecksums.of(c, EXCLUDED)).as(t.name()).isEqualTo(ref.rows);
                        assertThat(count(c)).isEqualTo(HEAD_ROWS);
                        assertThat(hasTable(c, "fleet_fleet")).as(t.name()).isFalse();
                    }
                }
                Figures.record("fleet-kill-9", "40 targets, killed while running" + (caught ? ", as soon as a "
                        + "namespace was seen half-way" : "") + ", " + halfDone + " targets half-way at the kill, each with its record; the next run "
                        + "brought all 40 to head (" + rerun.count(TargetResult.Outcome.REACHED) + " changed by it)");
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Watches the PostgreSQL namespaces (they share a database, so one connection sees them all) until one is half-way:
     * it holds the fleet record and some, not all, of release 2.0's changesets. False if none was seen in time or
     * the fleet ended first; the test then kills wherever the child is, and its assertions hold all the same.
     */
    private static boolean awaitHalfDoneNamespace(Tenant any, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Connection c = any.connect(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                List<String> recorded = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT table_schema FROM information_schema.tables "
                        + "WHERE table_name = 'fleet_fleet'")) {
                    while (rs.next()) {
                        recorded.add(rs.getString(1));
                    }
                }
                for (String ns : recorded) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + ns + ".fleet_log")) {
                        rs.next();
                        if (rs.getInt(1) > RELEASE_1_ROWS && rs.getInt(1) < HEAD_ROWS) {
                            return true;
                        }
                    } catch (SQLException gone) {
                        // the record was dropped between the two queries
                    }
                }
                Thread.sleep(5);
            }
        }
        return false;
    }

    /** Schema and rows of a target updated to head without interruption, per database kind. */
    private record Reference(SchemaSnapshot schema, SortedMap<String, String> rows, Reference pg) {
    }

    private static Reference reference(TenantTargets used) {
        try (TenantTargets fresh = TenantTargets.create(1, 1)) {
            Reference[] refs = new Reference[2];
            int i = 0;
            for (Tenant t : fresh.all()) {
                DbSteps.configure().url(t.url(), t.user(), t.password()).changelog(CHANGELOG, "fleet").load().update();
                try (Connection c = t.connect()) {
                    refs[i++] = new Reference(SchemaSnapshot.of(c).withoutTables(EXCLUDED), RowChecksums.of(c, EXCLUDED),
                            null);
                }
            }
            return new Reference(refs[1].schema, refs[1].rows, refs[0]);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DbStepsFleet fleet(List<Tenant> targets) {
        return TenantTargets.addTo(DbStepsFleet.configure().changelog(CHANGELOG, "fleet"), targets).parallelism(4)
                .load();
    }

    private static int count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM fleet_log")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        boolean pg = c.getMetaData().getURL().startsWith("jdbc:postgresql");
        try (ResultSet rs = c.getMetaData().getTables(null, pg ? c.getSchema() : null, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
