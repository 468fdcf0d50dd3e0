package io.dbsteps.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's generated workload and its SQL splitting; the benchmark itself runs only in the bench profile. */
class BenchWorkloadTest {

    @Test
    void syntheticChangelogHas100ChangesetsInFourTaggedReleasesAndFlywayTheSameDdl(@TempDir Path dir) throws Exception {
        Synthetic.write(dir.resolve("cp"), dir.resolve("flyway"));
        String yaml = Files.readString(dir.resolve("cp").resolve(Synthetic.CHANGELOG));
        assertThat(yaml.split("- changeSet:", -1)).hasSize(101);
        assertThat(yaml.split("- tagDatabase:", -1)).hasSize(5);
        assertThat(yaml).contains("tag: \"" + Synthetic.MID_TAG + "\"", "tag: \"" + Synthetic.HEAD_TAG + "\"");
        try (var files = Files.list(dir.resolve("flyway"))) {
            assertThat(files.count()).isEqualTo(96);
        }
        assertThat(Files.readString(dir.resolve("flyway").resolve("V2__add_score_bench_t01.sql")))
                .isEqualTo("ALTER TABLE bench_t01 ADD COLUMN score INTEGER;\n");
    }

    @Test
    void liquibaseScriptsSplitIntoOneGroupPerChangesetKeepingQuotesBodiesAndTriggers() {
        String script = """
                -- Lock Database
                UPDATE x_lock SET LOCKED = TRUE WHERE ID = 1;

                -- Changeset a.yaml::1::me
                INSERT INTO t VALUES ('a;b', 'it''s');
                CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;

                -- Changeset a.yaml::2::me
                CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; SELECT CASE WHEN 1 THEN 2 END; END;
                CREATE INDEX CONCURRENTLY ix ON t (a);
                """;
        List<SqlScript.Group> groups = SqlScript.parse(script);
        assertThat(groups).extracting(SqlScript.Group::title)
                .containsExactly("Lock Database", "Changeset a.yaml::1::me", "Changeset a.yaml::2::me");
        assertThat(groups.get(1).statements()).containsExactly("INSERT INTO t VALUES ('a;b', 'it''s')",
                "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql");
        assertThat(groups.get(2).statements()).hasSize(2);
        assertThat(groups.get(2).statements().get(0)).endsWith("END");
        assertThat(groups.get(2).needsAutoCommit()).isTrue();
        assertThat(groups.get(1).needsAutoCommit()).isFalse();
    }
}
