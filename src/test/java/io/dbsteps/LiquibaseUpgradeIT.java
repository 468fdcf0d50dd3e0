package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One database, two Liquibase versions: the CLI jar (which carries dbsteps' own Liquibase 4.33.0) applies release
 * 1.0; the host's Liquibase validates what 4.33.0 recorded and applies 2.0; the jar validates what the host
 * recorded, and rolls 2.0 back. In profile
 * liquibase5 the host's Liquibase is 5.0.x: this is a host upgrading to Spring Boot 4, and then going back to the
 * previous version of the application after a failed release.
 */
class LiquibaseUpgradeIT {

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aDatabaseMigratedByOneLiquibaseCarriesOnUnderTheOther(TestDb.Kind kind) throws Exception {
        String host = LiquibaseUtil.getBuildVersion();
        assertThat(host).as("the host's Liquibase is the one the build asked for")
                .isEqualTo(System.getProperty("dbsteps.expected.liquibase"));
        try (TestDb db = TestDb.create(kind)) {
            assertThat(jar(db, "update", "--schema", "trajectory", "--to", "1.0")).contains("tag (none) -> 1.0");

            DbSteps api = db.configure().schema("trajectory").load();
            int release1 = api.history().applied().size();
            ValidationResult valid = api.validate();
            assertThat(valid.applied()).as("the checksums 4.33.0 recorded are the host's too").isEqualTo(release1);
            UpdateResult release2 = api.update();
            assertThat(release2.toTag()).isEqualTo("2.0");
            List<String> versions = liquibaseColumn(db);
            assertThat(versions).as("each row names the Liquibase that applied it")
                    .hasSize(release1 + release2.steps().size()).endsWith(host);
            assertThat(versions.subList(0, release1)).containsOnly("4.33.0");
            assertThat(versions.subList(release1, versions.size())).containsOnly(host);
            assertThat(api.checkDrift().clean()).isTrue();

            assertThat(jar(db, "validate", "--schema", "trajectory")).as("and the host's checksums are 4.33.0's")
                    .contains("trajectory: valid; " + versions.size() + " changesets, " + versions.size() + " applied");
            assertThat(jar(db, "rollback", "--schema", "trajectory", "--to", "1.0"))
                    .as("the 4.33.0 jar rolls back what the host's Liquibase applied").contains("tag 2.0 -> 1.0");
            DriftReport atRelease1 = api.checkDrift();
            assertThat(atRelease1.tag()).isEqualTo("1.0");
            assertThat(atRelease1.clean()).as("exactly release 1.0: %s", atRelease1).isTrue();
            assertThat(api.status().pending()).hasSize(release2.steps().size());
        }
    }

    private static List<String> liquibaseColumn(TestDb db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT LIQUIBASE FROM dbsteps_trajectory_log ORDER BY ORDEREXECUTED")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String jar(TestDb db, String... args) throws Exception {
        String jar = System.getProperty("dbsteps.cli.jar");
        assertThat(jar).as("the failsafe configuration names the CLI jar").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--url", db.url()));
        if (db.user() != null) {
            cmd.addAll(List.of("--user", db.user()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DBSTEPS_PASSWORD");
        if (db.password() != null) {
            pb.environment().put("DBSTEPS_PASSWORD", db.password());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
