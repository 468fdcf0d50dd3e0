package io.dbsteps.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsFleet;
import io.dbsteps.FleetBuilder;
import io.dbsteps.FleetResult;
import io.dbsteps.TargetResult;
import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fleet's scale figures for BENCHMARKS.md, on tenant namespaces of one local PostgreSQL database; not a CI test
 * (its name matches no surefire include): {@code mvn -B test -Pfleet-scale}. It measures one target's full update
 * from empty (the median of three, in a JVM already warm), then a full update of every tenant from empty at the given
 * parallelism, then a no-op over all of them, and reports each with its slowest target and p99, against the goals:
 * the no-op under 5 s, the full update within 1.5 x (one target x tenants / parallelism). Figures go to
 * {@code target/fleet-scale/figures.txt}. {@code -Ddbsteps.fleet.tenants} (500), {@code -Ddbsteps.fleet.parallel} (4)
 * and {@code -Ddbsteps.fleet.schema} (codorch) change the run.
 */
class FleetScaleBench {
    @Test
    void fleetOfTenantNamespaces() throws Exception {
        int tenants = Integer.getInteger("dbsteps.fleet.tenants", 500);
        int parallel = Integer.getInteger("dbsteps.fleet.parallel", 4);
        String schema = System.getProperty("dbsteps.fleet.schema", "codorch");
        List<String> lines = new ArrayList<>();
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (int i = 0; i < tenants + 4; i++) {
                    st.execute("CREATE SCHEMA " + name(i));
                }
            }
            // One target alone: the first warms the JVM (changelog parsed, classes loaded), the next three are timed.
            List<Duration> single = new ArrayList<>();
            for (int i = tenants; i < tenants + 4; i++) {
                long start = System.nanoTime();
                DbSteps.configure().url(url(db, i), db.user(), db.password()).schema(schema).load().update();
                if (i > tenants) {
                    single.add(Duration.ofNanos(System.nanoTime() - start));
                }
            }
            Duration one = single.stream().sorted().toList().get(1);
            FleetBuilder b = DbStepsFleet.configure().schema(schema).parallelism(parallel);
            for (int i = 0; i < tenants; i++) {
                b.target(name(i), url(db, i), db.user(), db.password());
            }
            DbStepsFleet fleet = b.load();

            FleetResult full = fleet.update();
            FleetResult noop = fleet.update();

            assertThat(full.targets()).allSatisfy(t -> assertThat(t.outcome()).as(t.message())
                    .isEqualTo(TargetResult.Outcome.REACHED));
            assertThat(noop.targets()).allSatisfy(t -> assertThat(t.outcome())
                    .isEqualTo(TargetResult.Outcome.ALREADY_AT_GOAL));
            double goal = 1.5 * one.toMillis() * tenants / parallel;
            lines.add("fleet of " + tenants + " PostgreSQL namespaces, schema " + schema + ", parallelism " + parallel
                    + ", " + Runtime.getRuntime().availableProcessors() + " processors");
            lines.add("one target's full update (median of 3, warm JVM): " + one.toMillis() + " ms");
            lines.add(figure("full update from empty", full) + "; goal <= 1.5 x " + one.toMillis() + " ms x "
                    + tenants + " / " + parallel + " = " + Math.round(goal) + " ms: "
                    + (full.duration().toMillis() <= goal ? "met" : "NOT met"));
            lines.add(figure("no-op over all", noop) + "; goal < 5000 ms: "
                    + (noop.duration().toMillis() < 5000 ? "met" : "NOT met"));
        }
        Path out = Path.of("target", "fleet-scale", "figures.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        lines.forEach(System.out::println);
    }

    private static String figure(String what, FleetResult r) {
        TargetResult slowest = r.slowest().orElseThrow();
        return what + ": " + r.duration().toMillis() + " ms; slowest target " + slowest.target() + " "
                + slowest.duration().toMillis() + " ms, p99 " + r.percentile(0.99).toMillis() + " ms, p50 "
                + r.percentile(0.5).toMillis() + " ms";
    }

    private static String name(int i) {
        return String.format("tenant_%03d", i);
    }

    private static String url(TestDb db, int i) {
        return db.url() + (db.url().contains("?") ? "&" : "?") + "currentSchema=" + name(i);
    }
}
