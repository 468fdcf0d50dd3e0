package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.ReleaseResult;
import io.dbsteps.testing.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The release command's refusals and outcomes, and how status shows a release whose check has not passed. */
class ReleaseCliTest {
    private static CliRunner.Run cli(TestDb db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--changelog", "guard/changelog.yaml", "--table-prefix", "guard", "--url", db.url()));
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void wrongCaseOlderAndCurrentTagsAndAnUnverifiedReleaseInStatus() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            CliRunner.Run wrongCase = cli(db, "release", "--to", "V2-BETA", "--check-sql", "SELECT 1");
            assertThat(wrongCase.code()).isEqualTo(1);
            assertThat(wrongCase.err()).contains("UNKNOWN_TAG").contains("Did you mean 'v2-Beta'?")
                    .contains("nothing was changed");

            DbSteps steps = DbSteps.configure().url(db.url()).changelog("guard/changelog.yaml", "guard").load();
            steps.updateTo("v1-alpha");
            CountDownLatch checking = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            CompletableFuture<ReleaseResult> release = CompletableFuture.supplyAsync(() ->
                    steps.release("v2-Beta", () -> {
                        checking.countDown();
                        return answer.await(60, TimeUnit.SECONDS);
                    }, Duration.ofSeconds(90)));
            assertThat(checking.await(60, TimeUnit.SECONDS)).isTrue();
            CliRunner.Run status = cli(db, "status");
            assertThat(status.out()).contains("UNVERIFIED RELEASE").contains("the release of v2-Beta (from tag "
                    + "v1-alpha").contains("Rerun 'release --to v2-Beta'").contains("'rollback --to v1-alpha'");
            assertThat(cli(db, "status", "--json").out()).containsPattern("\"unverifiedRelease\": \\{\\s*\"target\": \"v2-Beta\"");
            assertThat(cli(db, "history").out()).contains("UNVERIFIED RELEASE");
            answer.countDown();
            assertThat(release.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
            assertThat(cli(db, "status").out()).doesNotContain("UNVERIFIED");

            cli(db, "update");
            CliRunner.Run older = cli(db, "release", "--to", "v1-alpha", "--check-sql", "SELECT 1");
            assertThat(older.code()).isEqualTo(1);
            assertThat(older.err()).contains("run rollback --to v1-alpha");
            CliRunner.Run current = cli(db, "release", "--to", "v3-gamma", "--check-sql", "SELECT 1");
            assertThat(current.code()).isZero();
            assertThat(current.out()).contains("nothing to do: the database is already at v3-gamma");
        }
    }
}
