package io.dbsteps;

import io.dbsteps.internal.config.Settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.RowChecksums;
import io.dbsteps.testing.TenantTargets;
import io.dbsteps.testing.TenantTargets.Tenant;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fleets over 40 targets, 20 PostgreSQL namespaces of one database and 20 SQLite files, running
 * {@code fleet/changelog.yaml}: a target that cannot be migrated is left exactly as it was while the others reach
 * head; a rerun touches only the targets not at the goal; a fleet rollback to a tag; two fleets at once on
 * overlapping targets; and the record an interrupted update leaves, finished or undone by the next run.
 */
class FleetTest {
    static final String CHANGELOG = "fleet/changelog.yaml";
    static final String PREFIX = "fleet";
    /** What the comparisons leave out: the tracking tables (the fleet record is not among them) and archives. */
    static final String TRACKING = "(fleet_log|fleet_lock|fleet_undo|dbsteps_archive_.*)";
    static final int HEAD_ROWS = 9;
    static final int RELEASE_1_ROWS = 3;

    static FleetBuilder fleet(List<Tenant> targets) {
        return TenantTargets.addTo(DbStepsFleet.configure().changelog(CHANGELOG, PREFIX), targets).parallelism(4);
    }

    static DbSteps single(Tenant t) {
        return DbSteps.configure().url(t.url(), t.user(), t.password()).changelog(CHANGELOG, PREFIX).load();
    }

    /** Everything a target holds that a fleet could change: schema, rows, history and whether a record is left. */
    record State(SchemaSnapshot schema, Map<String, String> rows, List<String> history, boolean record) {
        static State of(Tenant t) {
            try (Connection c = t.connect()) {
                List<String> history = FleetTest.history(c);
                return new State(SchemaSnapshot.of(c).withoutTables(TRACKING),
                        RowChecksums.of(c, TRACKING), history, hasTable(c, "fleet_fleet"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The tracking table's rows, read with plain SQL: id, checksum and tag, in the order they were applied. */
    static List<String> history(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        if (!hasTable(c, "fleet_log")) {
            return rows;
        }
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT ID, MD5SUM, TAG FROM fleet_log ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }

    static boolean hasTable(Connection c, String table) throws SQLException {
        boolean pg = c.getMetaData().getURL().startsWith("jdbc:postgresql");
        try (ResultSet rs = c.getMetaData().getTables(null, pg ? c.getSchema() : null, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    static Map<String, TargetResult> byName(FleetResult r) {
        return r.targets().stream().collect(Collectors.toMap(TargetResult::target, Function.identity()));
    }

    @Test
    void aTargetThatCannotBeMigratedIsLeftExactlyAsItWasWhileTheOthersReachHead() {
        try (TenantTargets tenants = TenantTargets.create(20, 20)) {
            DbStepsFleet fleet = fleet(tenants.all()).load();
            FleetResult release1 = fleet.updateTo("1.0");
            assertThat(release1.targets()).hasSize(40).allSatisfy(t -> {
                assertThat(t.outcome()).as(t.message()).isEqualTo(TargetResult.Outcome.REACHED);
                assertThat(t.toTag()).isEqualTo("1.0");
            });
            // Duplicate item names: 2.0's unique index fails on these two, after two changesets of 2.0 succeeded.
            List<String> bad = List.of("t07", "s13");
            for (String name : bad) {
                tenants.get(name).execute("UPDATE item SET name = 'item 1' WHERE id = 2");
            }
            Map<String, State> before = bad.stream().collect(Collectors.toMap(n -> n, n -> State.of(tenants.get(n))));

            FleetResult head = fleet.update();

            Map<String, TargetResult> results = byName(head);
            for (Tenant t : tenants.all()) {
                TargetResult r = results.get(t.name());
                if (bad.contains(t.name())) {
                    assertThat(r.outcome()).isEqualTo(TargetResult.Outcome.FAILED);
                    assertThat(r.errorCode()).isEqualTo(ErrorCode.CHANGESET_FAILED);
                    assertThat(r.message()).contains("2.0-03-unique-name")
                            .contains("rolled back to its state before the update").contains("2 changesets undone");
                    assertThat(State.of(t)).as("failed target %s, exactly as before", t.name())
                            .isEqualTo(before.get(t.name()));
                } else {
                    assertThat(r.outcome()).as(r.message()).isEqualTo(TargetResult.Outcome.REACHED);
                    assertThat(r.fromTag()).isEqualTo("1.0");
                    assertThat(r.toTag()).isEqualTo("2.0");
                    assertThat(r.changesets()).isEqualTo(6);
                    State s = State.of(t);
                    assertThat(s.history()).hasSize(HEAD_ROWS);
                    assertThat(s.record()).isFalse();
                }
            }
            assertThat(head.allAtGoal()).isFalse();
            assertThat(head.notAtGoal()).extracting(TargetResult::target).containsExactlyInAnyOrderElementsOf(bad);

            // A rerun touches only the targets not at the goal: the others take the fast path.
            FleetResult rerun = fleet.update();
            assertThat(rerun.count(TargetResult.Outcome.ALREADY_AT_GOAL)).isEqualTo(38);
            assertThat(rerun.count(TargetResult.Outcome.FAILED)).isEqualTo(2);
            for (String name : bad) {
                assertThat(State.of(tenants.get(name))).isEqualTo(before.get(name));
            }

            for (String name : bad) {
                tenants.get(name).execute("UPDATE item SET name = 'item 2' WHERE id = 2");
            }
            FleetResult fixed = fleet.update();
            assertThat(fixed.allAtGoal()).isTrue();
            assertThat(fixed.targets()).filteredOn(t -> t.outcome() == TargetResult.Outcome.REACHED)
                    .extracting(TargetResult::target).containsExactlyInAnyOrderElementsOf(bad);
            assertThat(fleet.status().targets()).allSatisfy(
                    t -> assertThat(t.outcome()).isEqualTo(TargetResult.Outcome.ALREADY_AT_GOAL));
        }
    }

    @Test
    void aFleetRollsBackToATag() {
        try (TenantTargets tenants = TenantTargets.create(20, 20)) {
            DbStepsFleet fleet = fleet(tenants.all()).load();
            assertThat(fleet.updateTo("1.0").allAtGoal()).isTrue();
            Map<String, State> atRelease1 = tenants.all().stream()
                    .collect(Collectors.toMap(Tenant::name, State::of));
            assertThat(fleet.update().allAtGoal()).isTrue();

            FleetResult back = fleet.rollbackTo("1.0");

            assertThat(back.operation()).isEqualTo("rollback");
            assertThat(back.goal()).isEqualTo("1.0");
            assertThat(back.targets()).hasSize(40).allSatisfy(t -> {
                assertThat(t.outcome()).as(t.message()).isEqualTo(TargetResult.Outcome.REACHED);
                assertThat(t.fromTag()).isEqualTo("2.0");
                assertThat(t.toTag()).isEqualTo("1.0");
                assertThat(t.changesets()).isEqualTo(6);
            });
            for (Tenant t : tenants.all()) {
                State s = State.of(t);
                State expected = atRelease1.get(t.name());
                assertThat(s.schema().differencesTo(expected.schema())).as(t.name()).isEmpty();
                assertThat(s.rows()).as(t.name()).isEqualTo(expected.rows());
                assertThat(s.history()).as(t.name()).isEqualTo(expected.history());
            }
            assertThat(fleet.rollbackTo("1.0").targets()).allSatisfy(
                    t -> assertThat(t.outcome()).isEqualTo(TargetResult.Outcome.ALREADY_AT_GOAL));
            assertThat(fleet.status().targets()).allSatisfy(t -> {
                assertThat(t.outcome()).isEqualTo(TargetResult.Outcome.BEHIND);
                assertThat(t.changesets()).isEqualTo(6);
            });
        }
    }

    @Test
    void twoFleetsStartedAtOnceOnOverlappingTargetsTakeTurnsPerTarget() throws Exception {
        try (TenantTargets tenants = TenantTargets.create(20, 20)) {
            assertThat(fleet(tenants.all()).load().updateTo("1.0").allAtGoal()).isTrue();
            // A: t01..t20 and s01..s10; B: t11..t20 and s01..s20. They share t11..t20 and s01..s10.
            List<Tenant> all = tenants.all();
            DbStepsFleet a = fleet(all.subList(0, 30)).load();
            DbStepsFleet b = fleet(all.subList(10, 40)).load();
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<FleetResult> ra = CompletableFuture.supplyAsync(() -> await(go, a::update));
            CompletableFuture<FleetResult> rb = CompletableFuture.supplyAsync(() -> await(go, b::update));
            go.countDown();
            FleetResult resultA = ra.get();
            FleetResult resultB = rb.get();

            assertThat(resultA.targets()).allSatisfy(t -> assertThat(t.atGoal()).as(t.message()).isTrue());
            assertThat(resultB.targets()).allSatisfy(t -> assertThat(t.atGoal()).as(t.message()).isTrue());
            Map<String, TargetResult> byA = byName(resultA);
            Map<String, TargetResult> byB = byName(resultB);
            for (Tenant t : all.subList(10, 30)) {
                // One fleet updated the shared target, the other found it at the goal afterwards.
                List<TargetResult.Outcome> outcomes = List.of(byA.get(t.name()).outcome(),
                        byB.get(t.name()).outcome());
                assertThat(outcomes).as(t.name()).containsExactlyInAnyOrder(TargetResult.Outcome.REACHED,
                        TargetResult.Outcome.ALREADY_AT_GOAL);
            }
            for (Tenant t : all) {
                State s = State.of(t);
                assertThat(s.history()).as(t.name()).hasSize(HEAD_ROWS).doesNotHaveDuplicates();
                assertThat(s.record()).isFalse();
            }
        }
    }

    private static FleetResult await(CountDownLatch go, java.util.function.Supplier<FleetResult> run) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return run.get();
    }

    @Test
    void failFastSkipsTheTargetsNotStartedAndLeavesThemAlone() {
        try (TenantTargets tenants = TenantTargets.create(2, 2)) {
            DbStepsFleet setUp = fleet(tenants.all()).load();
            assertThat(setUp.updateTo("1.0").allAtGoal()).isTrue();
            tenants.get("t01").execute("UPDATE item SET name = 'item 1' WHERE id = 2");
            FleetResult r = fleet(tenants.all()).parallelism(1).failFast(true).load().update();
            assertThat(r.targets()).extracting(TargetResult::outcome).containsExactly(TargetResult.Outcome.FAILED,
                    TargetResult.Outcome.SKIPPED, TargetResult.Outcome.SKIPPED, TargetResult.Outcome.SKIPPED);
            for (Tenant t : tenants.all()) {
                assertThat(State.of(t).history()).as(t.name()).hasSize(RELEASE_1_ROWS);
            }
            FleetResult carryOn = fleet(tenants.all()).parallelism(1).load().update();
            assertThat(carryOn.targets()).extracting(TargetResult::outcome).containsExactly(
                    TargetResult.Outcome.FAILED, TargetResult.Outcome.REACHED, TargetResult.Outcome.REACHED,
                    TargetResult.Outcome.REACHED);
        }
    }

    @Test
    void aTagInTheWrongCaseIsRefusedOnEveryTargetAndChangesNothing() throws Exception {
        try (TenantTargets tenants = TenantTargets.create(1, 1)) {
            // tags not yet applied match exactly, as in Liquibase, which would otherwise apply the whole changelog
            FleetResult r = TenantTargets.addTo(DbStepsFleet.configure().schema("recruiting"), tenants.all()).load()
                    .updateTo("1.1-PHASE1");
            assertThat(r.targets()).allSatisfy(t -> {
                assertThat(t.errorCode()).as(t.message()).isEqualTo(ErrorCode.UNKNOWN_TAG);
                assertThat(t.message()).contains("Did you mean '1.1-phase1'");
            });
            for (Tenant t : tenants.all()) {
                try (Connection c = t.connect()) {
                    assertThat(io.dbsteps.internal.jdbc.Tables.exists(c, "users")).as(t.name()).isFalse();
                }
            }
        }
    }

    /** What a process killed mid-update leaves: its record, and some of the changesets it applied. */
    static void interruptedUpdate(Tenant t, int applied) throws SQLException {
        DbSteps db = single(t);
        FleetRecord.State pre = FleetRecord.State.of(db.history());
        try (Connection c = t.connect()) {
            FleetRecord.write(c, db.settings(), null, pre);
        }
        db.updateCount(applied);
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theNextRunFinishesAnUpdateThatAKilledProcessLeftHalfDone(TestDb.Kind kind) throws Exception {
        try (TenantTargets tenants = TenantTargets.create(kind == TestDb.Kind.POSTGRESQL ? 1 : 0,
                kind == TestDb.Kind.SQLITE ? 1 : 0)) {
            Tenant t = tenants.all().get(0);
            single(t).updateTo("1.0");
            interruptedUpdate(t, 2);
            assertThat(State.of(t).record()).isTrue();
            assertThat(fleet(tenants.all()).load().status().targets().get(0).message())
                    .contains("a fleet update was interrupted on this target");

            TargetResult r = fleet(tenants.all()).load().update().targets().get(0);

            assertThat(r.outcome()).as(r.message()).isEqualTo(TargetResult.Outcome.REACHED);
            assertThat(r.message()).contains("finished an interrupted fleet update");
            assertThat(r.fromTag()).isEqualTo("1.0");
            State s = State.of(t);
            assertThat(s.history()).hasSize(HEAD_ROWS);
            assertThat(s.record()).isFalse();
        }
    }

    /**
     * A goal that is not a release tag is bad input: refused before anything changes, even on a target a killed
     * process left half updated, whose record then stays for the next run (it was rolled back to the recorded state).
     */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anUnknownTagLeavesATargetAKilledProcessLeftHalfDoneAsItIs(TestDb.Kind kind) throws Exception {
        try (TenantTargets tenants = TenantTargets.create(kind == TestDb.Kind.POSTGRESQL ? 1 : 0,
                kind == TestDb.Kind.SQLITE ? 1 : 0)) {
            Tenant t = tenants.all().get(0);
            single(t).updateTo("1.0");
            interruptedUpdate(t, 2);
            State left = State.of(t);

            TargetResult r = fleet(tenants.all()).load().updateTo("no-such-tag").targets().get(0);

            assertThat(r.outcome()).isEqualTo(TargetResult.Outcome.FAILED);
            assertThat(r.errorCode()).as(r.message()).isEqualTo(ErrorCode.UNKNOWN_TAG);
            assertThat(r.message()).contains("Nothing was changed");
            assertThat(State.of(t)).isEqualTo(left);
            assertThat(left.record()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anUpdateThatAKilledProcessLeftHalfDoneReturnsToTheRecordedStateWhenItCannotBeFinished(TestDb.Kind kind)
            throws Exception {
        try (TenantTargets tenants = TenantTargets.create(kind == TestDb.Kind.POSTGRESQL ? 1 : 0,
                kind == TestDb.Kind.SQLITE ? 1 : 0)) {
            Tenant t = tenants.all().get(0);
            single(t).updateTo("1.0");
            t.execute("UPDATE item SET name = 'item 1' WHERE id = 2");
            State before = State.of(t);
            interruptedUpdate(t, 1); // the killed process had added the column price

            TargetResult r = fleet(tenants.all()).load().update().targets().get(0);

            assertThat(r.outcome()).isEqualTo(TargetResult.Outcome.FAILED);
            // The changeset the killed process applied is undone too: the record, not the current state, is the start.
            assertThat(r.message()).contains("2 changesets undone");
            assertThat(State.of(t)).isEqualTo(before);
        }
    }

    @Test
    void theCommandsOnATargetsConnectionMaskItsPasswordInMessagesAndLogs() throws Exception {
        String secret = io.dbsteps.testing.Secrets.register("fleet-mask-s3cret");
        Settings settings = DbSteps.configure().url("jdbc:postgresql://db.example/app?password=" + secret, "app",
                secret).schema("codorch").load().settings();
        FleetTarget target = new FleetTarget("a", settings, settings.source().mask());
        try (Connection any = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
            // The mask LiquibaseSession hands to the log service and to Failures, for every command on the target.
            String masked = target.on(any).source().mask().apply("login as app/" + secret + " at password=" + secret);
            assertThat(masked).doesNotContain(secret).contains("****");
        }
    }

    @Test
    void badFleetConfigurationIsRefusedBeforeAnyTargetIsTouched() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> DbStepsFleet.configure().schema("codorch").load(), DbStepsException.class).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        DbStepsException twice = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> DbStepsFleet.configure().schema("codorch").target("a", "jdbc:sqlite:a.db", null, null)
                        .target("a", "jdbc:sqlite:b.db", null, null).load(), DbStepsException.class);
        assertThat(twice.getMessage()).contains("Two fleet targets are named 'a'");
        DbStepsException badUrl = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> DbStepsFleet.configure().schema("codorch")
                        .target("x", "jdbc:nosuchdb://h/db?password=hunter2", "u", "hunter2").load(),
                DbStepsException.class);
        assertThat(badUrl.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(badUrl.getMessage()).startsWith("Fleet target 'x': ").doesNotContain("hunter2");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> DbStepsFleet.configure().parallelism(0), DbStepsException.class).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }
}
