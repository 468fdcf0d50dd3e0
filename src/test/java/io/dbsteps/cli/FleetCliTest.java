package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.Secrets;
import io.dbsteps.testing.TenantTargets;
import io.dbsteps.testing.TenantTargets.Tenant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --targets FILE} on update, rollback and status: a line per target as it finishes, a table and a summary that
 * names each failed target with its error, {@code --json}, exit 0 only when every target reached the goal, and no
 * password in the output, whether it came from {@code --password} or from a URL in the file.
 */
class FleetCliTest {
    private static final String SECRET = Secrets.register("fleet-s3cret-pw");

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        Secrets.record("dbsteps CLI", out + "\n" + err);
        return new Run(code, out.toString(), err.toString());
    }

    static String[] args(Path file, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of("--changelog", "fleet/changelog.yaml", "--table-prefix", "fleet", "--targets",
                file.toString(), "--password", SECRET));
        return all.toArray(String[]::new);
    }

    @Test
    void updateRollbackAndStatusOverATargetsFile() throws Exception {
        try (TenantTargets tenants = TenantTargets.create(2, 2)) {
            Path file = Files.createTempFile("dbsteps-targets-", ".txt");
            try {
                List<String> lines = new ArrayList<>(List.of("# tenants of the fleet test", ""));
                for (Tenant t : tenants.all()) {
                    // The PostgreSQL lines carry a password of their own too (the test server ignores it).
                    lines.add(t.url() + (t.url().startsWith("jdbc:postgresql") ? "&password=" + SECRET : ""));
                    lines.add("   ");
                }
                Files.write(file, lines);
                String user = tenants.get("t01").user();
                String[] userArgs = user == null ? new String[0] : new String[] {"--user", user};

                Run release1 = cli(concat(args(file, "update", "--to", "1.0", "--parallel", "2"), userArgs));
                assertThat(release1.code()).as(release1.err()).isZero();
                assertThat(release1.out().lines().filter(l -> l.contains("  REACHED  (none) -> 1.0  3 changesets")))
                        .hasSize(4);
                assertThat(release1.out()).contains("Every target is at tag 1.0.")
                        .containsPattern("TARGET +OUTCOME +FROM +TO +CHANGESETS +TIME")
                        .containsPattern("fleet update over 4 targets in .*: 4 REACHED; slowest .*, p99 ")
                        .contains("currentSchema=t01&password=****").doesNotContain(SECRET);

                tenants.get("s02").execute("UPDATE item SET name = 'item 1' WHERE id = 2");
                Run head = cli(concat(args(file, "update", "--fail-fast", "--parallel", "1"), userArgs));
                assertThat(head.code()).isEqualTo(1);
                assertThat(head.out()).contains("3 REACHED, 1 FAILED").contains("1 target not at the head:")
                        .containsPattern("(?m)^  jdbc:sqlite:\\S+: FAILED \\[CHANGESET_FAILED\\] .*2\\.0-03-unique-name"
                                + ".*rolled back to its state before the update")
                        .doesNotContain(SECRET);
                assertThat(head.err()).contains("error [FLEET_INCOMPLETE]: 1 of 4 targets did not reach the head: ")
                        .doesNotContain(SECRET);

                Run status = cli(concat(args(file, "status", "--json"), userArgs));
                assertThat(status.code()).isEqualTo(1);
                assertThat(status.out()).startsWith("{").contains("\"operation\": \"status\"")
                        .contains("\"BEHIND\": 1").contains("\"ALREADY_AT_GOAL\": 3").doesNotContain(SECRET);

                Run back = cli(concat(args(file, "rollback", "--to", "1.0", "--json"), userArgs));
                assertThat(back.code()).as(back.out() + back.err()).isZero();
                assertThat(back.out()).contains("\"REACHED\": 3").contains("\"ALREADY_AT_GOAL\": 1")
                        .contains("\"allAtGoal\": true");

                Run misuse = cli(concat(args(file, "update", "--count", "1"), userArgs));
                assertThat(misuse.code()).isEqualTo(2);
                assertThat(misuse.err()).contains("--count cannot be combined with --targets");
                Run noTargets = cli("update", "--schema", "codorch", "--parallel", "2");
                assertThat(noTargets.code()).isEqualTo(2);
                assertThat(noTargets.err()).contains("--parallel and --fail-fast work with --targets FILE only");
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
