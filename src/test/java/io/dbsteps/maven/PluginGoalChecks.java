package io.dbsteps.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DriftReport;
import io.dbsteps.DbStepsException;
import io.dbsteps.DriftReport;
import io.dbsteps.ErrorCode;
import io.dbsteps.testing.TestDb;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * What the database must look like after each goal of the consumer build {@code src/it/plugin-goals}, in which the
 * stock liquibase-maven-plugin runs the shipped codorch changelog. Its {@code postbuild.N.groovy} scripts call one
 * method each, after invocation N.
 */
public final class PluginGoalChecks {
    static final String SCHEMA = "codorch";
    static final String LOG_TABLE = "dbsteps_codorch_log";
    static final String TAG_BEFORE = "before-codorch";
    static final String TAG_LIVE = "codorch-live";

    private final ConsumerDatabase db;
    private final String log;

    private PluginGoalChecks(ConsumerDatabase db, String log) {
        this.db = db;
        this.log = log;
    }

    /**
     * Applies codorch with the Java API to a scratch database of each kind and keeps its tracking rows: the rows the
     * plugin must write too.
     *
     * @param basedir the consumer build's folder
     */
    public static void recordJavaApiRows(File basedir) throws Exception {
        for (TestDb.Kind kind : TestDb.Kind.values()) {
            try (TestDb scratch = TestDb.create(kind)) {
                scratch.configure().schema(SCHEMA).load().update();
                try (Connection c = scratch.connect()) {
                    List<TrackedRow> rows = TrackedRow.read(c, LOG_TABLE);
                    assertThat(rows).hasSize(16);
                    TrackedRow.save(rows, reference(basedir.toPath(), kind.toString()));
                }
            }
        }
    }

    private static Path reference(Path basedir, String kind) {
        return basedir.resolve("java-api-rows-" + kind + ".tsv");
    }

    /**
     * Starts the checks after an invocation; its part of build.log must show success with analytics off.
     *
     * @param basedir the consumer build's folder
     * @param kind    {@code sqlite} or {@code postgresql}
     * @return the checks
     */
    public static PluginGoalChecks after(File basedir, String kind) {
        String log = BuildLog.sinceLastCheck(basedir.toPath());
        assertThat(log).contains("BUILD SUCCESS").contains("liquibase-maven-plugin:4.33.0")
                .as("Liquibase's analytics are off in the consumer build").contains("User has disabled analytics.");
        return new PluginGoalChecks(ConsumerDatabase.of(basedir, kind), log);
    }

    /** liquibase:updateSQL wrote the SQL of the whole release, tag included, and applied nothing. */
    public void updateSql() throws Exception {
        String sql = Files.readString(db.basedir().resolve("target/liquibase/migrate.sql"));
        assertThat(sql).contains("CREATE TABLE users").contains("CREATE TABLE opportunities")
                .contains("INSERT INTO " + LOG_TABLE).contains("'1.0-tag'");
        nothingApplied();
    }

    /** liquibase:futureRollbackSQL wrote the SQL that would undo the release once applied, and applied nothing. */
    public void futureRollbackSql() throws Exception {
        String sql = Files.readString(db.basedir().resolve("target/liquibase/rollback.sql"));
        assertThat(sql).contains("DROP TABLE opportunities").contains("DROP TABLE users")
                .contains("DELETE FROM " + LOG_TABLE);
        assertThat(sql.indexOf("DROP TABLE opportunities")).as("newest first").isLessThan(sql.indexOf("DROP TABLE users"));
        nothingApplied();
    }

    private void nothingApplied() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(TrackedRow.exists(c, LOG_TABLE)).as("a preview creates not even the tracking table").isFalse();
        }
        assertThat(api().snapshot().objects()).as("no table was created").isEmpty();
    }

    /**
     * liquibase:tag on a database with no history inserts a placeholder row that carries the tag: the state to return
     * to if the first release fails.
     */
    public void tagOnAnEmptyDatabase() throws Exception {
        List<TrackedRow> rows = rows();
        assertThat(rows).hasSize(1);
        assertPlaceholder(rows.get(0));
        assertThat(api().snapshot().objects()).isEmpty();
        assertThat(api().history().currentTag()).isEqualTo(TAG_BEFORE);
        DriftReport drift = api().checkDrift();
        assertThat(drift.expectedFrom()).as("the placeholder row stands for no changeset").isEqualTo("the empty schema");
        assertThat(drift.clean()).isTrue();
    }

    private static void assertPlaceholder(TrackedRow row) {
        assertThat(row.filename()).isEqualTo("liquibase-internal");
        assertThat(row.author()).isEqualTo("liquibase");
        assertThat(row.tag()).isEqualTo(TAG_BEFORE);
        assertThat(row.execType()).isEqualTo("EXECUTED");
    }

    /**
     * liquibase:update applied release 1.0: the rows are the Java API's, identity for identity, the schema is exactly
     * release 1.0's, and dbsteps' API sees the database up to date.
     */
    public void update() throws Exception {
        atRelease();
    }

    private void atRelease() throws Exception {
        List<TrackedRow> rows = rows();
        assertPlaceholder(rows.get(0));
        assertThat(rows.subList(1, rows.size())).as("FILENAME, checksums and tags, as the Java API writes them")
                .isEqualTo(javaApiRows());
        DbSteps api = api();
        assertThat(api.status().upToDate()).isTrue();
        DriftReport drift = api.checkDrift();
        assertThat(drift.tag()).isEqualTo("1.0");
        assertThat(drift.clean()).as("the schema is exactly release 1.0's: %s", drift).isTrue();
    }

    /** liquibase:status reported the database up to date and changed nothing. */
    public void status() throws Exception {
        assertThat(log.lines().map(String::strip)).as("liquibase:status says so")
                .anyMatch(l -> l.endsWith("@" + db.url() + " is up to date"));
        atRelease();
    }

    /**
     * liquibase:rollback -Dliquibase.rollbackTag=before-codorch undid the whole release: only the placeholder row is
     * left, and no table.
     */
    public void rollbackToTheTagBeforeTheRelease() throws Exception {
        List<TrackedRow> rows = rows();
        assertThat(rows).hasSize(1);
        assertPlaceholder(rows.get(0));
        assertThat(api().snapshot().objects()).isEmpty();
        assertThat(api().status().pending()).hasSize(16);
    }

    /** liquibase:updateTestingRollback applied, rolled back and applied again: release 1.0, as after update. */
    public void updateTestingRollback() throws Exception {
        atRelease();
    }

    /**
     * liquibase:tag on a database at a release replaces the release's tag on the last row: tag 1.0 is gone. This is
     * the difference from dbsteps' own tag, which never replaces one: on a tagged state it adds a further name beside
     * the history, which leaves the rows as the plugin wrote them.
     */
    public void tagAtARelease() throws Exception {
        List<TrackedRow> rows = rows();
        List<TrackedRow> expected = new ArrayList<>(javaApiRows());
        TrackedRow last = rows.get(rows.size() - 1);
        assertThat(last.id()).isEqualTo("1.0-tag");
        assertThat(last.tag()).isEqualTo(TAG_LIVE);
        assertThat(rows).noneMatch(r -> "1.0".equals(r.tag()));
        assertThat(rows.subList(1, rows.size()).stream().map(TrackedRow::withoutTag).toList())
                .isEqualTo(expected.stream().map(TrackedRow::withoutTag).toList());

        DbSteps api = api();
        assertThat(api.history().currentTag()).isEqualTo(TAG_LIVE);
        assertThatThrownBy(() -> api.rollbackTo("1.0")).isInstanceOfSatisfying(DbStepsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TAG_NOT_APPLIED));
        DriftReport drift = api.checkDrift();
        assertThat(drift.expectedFrom()).as("no release is recorded any more: the changesets are replayed")
                .endsWith("(replayed from the changelog)");
        assertThat(drift.differences()).isEmpty();
        api.tag("another");
        assertThat(rows()).as("dbsteps does not replace a tag").isEqualTo(rows);
        List<io.dbsteps.AppliedChange> history = api.history().applied();
        assertThat(history.get(history.size() - 1).tags()).containsExactly(TAG_LIVE, "another");
    }

    private List<TrackedRow> javaApiRows() {
        return TrackedRow.load(reference(db.basedir(), db.kind().toString()));
    }

    private List<TrackedRow> rows() throws Exception {
        try (Connection c = db.connect()) {
            return TrackedRow.read(c, LOG_TABLE);
        }
    }

    private DbSteps api() {
        return db.dbsteps(SCHEMA);
    }
}
