package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No dbsteps command opens a connection anywhere but the configured database: not Liquibase's analytics, not
 * anything else. Every command of the Java API, and every command of the CLI, runs in a fresh JVM (Liquibase does
 * some things once per JVM) under a {@link NetworkWatch}; on SQLite nothing may touch the network at all, on
 * PostgreSQL only the configured host and port. The watch proves first that it sees each kind of attempt, and that
 * plain Liquibase with its defaults is seen trying to reach Liquibase's servers.
 */
class NoNetworkTest {

    private static ChildJvm.Result probe(String mode, String url, String user, String password, String allowed)
            throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), Map.of(),
                NetworkProbe.class.getName(), mode, url, user == null ? "-" : user,
                password == null ? "-" : password, allowed);
        assertThat(r.output()).as("the probe finished").contains("done " + mode);
        return r;
    }

    @Test
    void theWatchSeesEveryKindOfAttemptAndBlocksTheForeignOnes() throws Exception {
        ChildJvm.Result r = probe("selfcheck", "-", null, null, "-");
        String port = r.output().lines().filter(l -> l.startsWith("selfcheck port ")).findFirst().orElseThrow()
                .substring("selfcheck port ".length());
        // the local server is not allowed either, so the socket attempt is blocked too: it is seen all the same
        List<String> seen = NetworkWatch.observations(r.output());
        assertThat(seen).as(r.output())
                .contains(NetworkWatch.SELECT + "socket://127.0.0.1:" + port)
                .contains(NetworkWatch.SELECT + "socket://192.0.2.1:5432")
                .contains(NetworkWatch.SELECT + "https://watch-check.invalid/analytics")
                .contains(NetworkWatch.SELECT + "http://watch-check.invalid/client")
                .anySatisfy(l -> assertThat(l).startsWith(NetworkWatch.IO + "jdk.SocketWrite ").endsWith(" " + port));
        assertThat(r.output()).as("nothing foreign got through")
                .contains("attempt blocked-socket failed").contains("attempt url-connection failed")
                .contains("attempt http-client failed").contains("attempt channel connected");
    }

    @Test
    void plainLiquibaseWithItsDefaultsIsSeenReachingForLiquibasesServers() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            ChildJvm.Result r = probe("liquibase", db.url(), null, null, "-");
            assertThat(NetworkWatch.observations(r.output())).as(r.output())
                    .anySatisfy(l -> assertThat(l).startsWith(NetworkWatch.SELECT).contains("liquibase.com"));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void noApiCommandConnectsAnywhereButTheDatabase(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            ChildJvm.Result r = probe("api", db.url(), db.user(), db.password(), allowed(db));
            assertOnlyTheDatabase(db, r);
            assertThat(r.output().lines().filter(l -> l.startsWith("command ")))
                    .as(r.output()).hasSize(19).allSatisfy(l -> assertThat(l).endsWith(" ok"));
            assertThat(r.output().lines().filter(l -> l.startsWith("analytics ")))
                    .as("Liquibase's analytics are off in the scope of every changeset it runs")
                    .contains("analytics false false")
                    .allSatisfy(l -> assertThat(l).isIn("analytics false false", "analytics none: compiled path"));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void noCliCommandConnectsAnywhereButTheDatabase(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            ChildJvm.Result r = probe("cli", db.url(), db.user(), db.password(), allowed(db));
            assertOnlyTheDatabase(db, r);
            assertThat(r.output().lines().filter(l -> l.startsWith("command ")))
                    .as(r.output()).hasSize(18).allSatisfy(l -> assertThat(l).endsWith(" ok"));
        }
    }

    /** The configured database's host and port; none for SQLite. */
    private static String allowed(TestDb db) {
        if (db.kind() == TestDb.Kind.SQLITE) {
            return "-";
        }
        URI uri = URI.create(db.url().substring("jdbc:".length()));
        return NetworkWatch.hostPort(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    private static void assertOnlyTheDatabase(TestDb db, ChildJvm.Result r) {
        List<String> seen = NetworkWatch.observations(r.output());
        if (db.kind() == TestDb.Kind.SQLITE) {
            assertThat(seen).as("an SQLite run touches no network: %s", r.output()).isEmpty();
            return;
        }
        String allowed = allowed(db);
        String port = allowed.substring(allowed.lastIndexOf(':') + 1);
        assertThat(seen).as("PostgreSQL is reached").isNotEmpty();
        for (String line : seen) {
            if (line.startsWith(NetworkWatch.SELECT)) {
                URI uri = URI.create(line.substring(NetworkWatch.SELECT.length()));
                assertThat(NetworkWatch.hostPort(uri.getHost(), uri.getPort())).as(line).isEqualTo(allowed);
            } else {
                // net io <event> <host> <address> <port>
                String[] f = line.split(" ");
                assertThat(f[f.length - 1]).as(line).isEqualTo(port);
                assertThat(List.of(f[f.length - 3], f[f.length - 2])).as(line)
                        .contains(allowed.substring(0, allowed.lastIndexOf(':')));
            }
        }
    }
}
