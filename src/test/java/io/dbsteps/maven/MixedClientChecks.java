package io.dbsteps.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.DriftReport;
import io.dbsteps.PendingChange;
import io.dbsteps.UpdateResult;
import io.dbsteps.testing.TestDb;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three clients on one database, in the consumer build {@code src/it/mixed-clients}: the Java API applies the
 * trajectory schema (releases 1.0 and 2.0), the stock Maven plugin finds it up to date and then rolls the failed
 * release 2.0 back to tag 1.0, and the CLI jar applies 2.0 again. The Java API also gives the released state a further
 * name, which the plugin must not see in the history. Every client must write the same FILENAME,
 * checksums and tags, and leave exactly the schema of its release.
 */
public final class MixedClientChecks {
    static final String SCHEMA = "trajectory";
    static final String LOG_TABLE = "dbsteps_trajectory_log";

    private final ConsumerDatabase db;
    private final String log;

    private MixedClientChecks(ConsumerDatabase db, String log) {
        this.db = db;
        this.log = log;
    }

    /**
     * Applies trajectory with the Java API to both databases of the build, and keeps their tracking rows.
     *
     * @param basedir the consumer build's folder
     */
    public static void applyWithTheJavaApi(File basedir) throws Exception {
        for (TestDb.Kind kind : TestDb.Kind.values()) {
            ConsumerDatabase db = ConsumerDatabase.of(basedir, kind.toString());
            DbSteps api = db.dbsteps(SCHEMA);
            UpdateResult applied = api.update();
            assertThat(applied.toTag()).isEqualTo("2.0");
            assertThat(api.checkDrift().clean()).isTrue();
            // a further name of the released state, kept beside the history: the plugin must read it unchanged
            assertThat(api.tag("before-hotfix").changeSet()).isNotNull();
            List<io.dbsteps.AppliedChange> history = api.history().applied();
            assertThat(history.get(history.size() - 1).tags()).containsExactly("2.0", "before-hotfix");
            try (Connection c = db.connect()) {
                TrackedRow.save(TrackedRow.read(c, LOG_TABLE), javaApiRowsFile(db));
            }
        }
    }

    private static Path javaApiRowsFile(ConsumerDatabase db) {
        return db.basedir().resolve("java-api-rows-" + db.kind() + ".tsv");
    }

    /**
     * Starts the checks after an invocation; its part of build.log must show success with analytics off.
     *
     * @param basedir the consumer build's folder
     * @param kind    {@code sqlite} or {@code postgresql}
     * @return the checks
     */
    public static MixedClientChecks after(File basedir, String kind) {
        String log = BuildLog.sinceLastCheck(basedir.toPath());
        assertThat(log).contains("BUILD SUCCESS").contains("User has disabled analytics.");
        return new MixedClientChecks(ConsumerDatabase.of(basedir, kind), log);
    }

    /** liquibase:status finds what the Java API applied up to date, and changes nothing. */
    public void pluginFindsTheJavaApisWorkUpToDate() throws Exception {
        assertThat(log.lines().map(String::strip)).anyMatch(l -> l.endsWith("@" + db.url() + " is up to date"));
        assertThat(rows()).isEqualTo(javaApiRows());
    }

    /**
     * liquibase:rollback -Dliquibase.rollbackTag=1.0 left exactly release 1.0, with the Java API's rows up to its tag;
     * then the CLI applies release 2.0 again, writing the rows the Java API wrote.
     *
     * @param cliJar the shaded CLI jar
     */
    public void pluginRollsBackThenTheCliReapplies(String cliJar) throws Exception {
        List<TrackedRow> apiRows = javaApiRows();
        int release1 = indexOfTag(apiRows, "1.0");
        assertThat(rows()).as("the rows up to tag 1.0 are the Java API's").isEqualTo(apiRows.subList(0, release1 + 1));
        DbSteps api = db.dbsteps(SCHEMA);
        DriftReport atRelease1 = api.checkDrift();
        assertThat(atRelease1.tag()).isEqualTo("1.0");
        assertThat(atRelease1.clean()).as("exactly release 1.0: %s", atRelease1).isTrue();
        assertThat(api.status().pending().stream().map(PendingChange::id).toList())
                .isEqualTo(apiRows.subList(release1 + 1, apiRows.size()).stream().map(TrackedRow::id).toList());

        String out = cli(cliJar, "update", "--schema", SCHEMA);
        assertThat(out).contains("trajectory: " + (apiRows.size() - release1 - 1) + " changesets applied")
                .contains("tag 1.0 -> 2.0");
        assertThat(rows()).as("FILENAME, checksums and tags agree across the Java API, the plugin and the CLI")
                .isEqualTo(apiRows);
        DriftReport atRelease2 = api.checkDrift();
        assertThat(atRelease2.tag()).isEqualTo("2.0");
        assertThat(atRelease2.clean()).as("exactly release 2.0: %s", atRelease2).isTrue();
        assertThat(cli(cliJar, "status", "--schema", SCHEMA)).contains("up to date at tag 2.0");
        List<io.dbsteps.AppliedChange> applied = api.history().applied();
        assertThat(applied.get(applied.size() - 1).tags()).as("the further name went with the plugin's rollback")
                .containsExactly("2.0");
    }

    private String cli(String cliJar, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", cliJar));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--url", db.url()));
        if (!db.user().isEmpty()) {
            cmd.addAll(List.of("--user", db.user()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DBSTEPS_PASSWORD");
        if (!db.password().isEmpty()) {
            pb.environment().put("DBSTEPS_PASSWORD", db.password());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static int indexOfTag(List<TrackedRow> rows, String tag) {
        for (int i = 0; i < rows.size(); i++) {
            if (tag.equals(rows.get(i).tag())) {
                return i;
            }
        }
        throw new AssertionError("no row carries tag " + tag + ": " + rows);
    }

    private List<TrackedRow> javaApiRows() {
        return TrackedRow.load(javaApiRowsFile(db));
    }

    private List<TrackedRow> rows() throws Exception {
        try (Connection c = db.connect()) {
            return TrackedRow.read(c, LOG_TABLE);
        }
    }
}
