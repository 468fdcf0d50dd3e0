package io.dbsteps.ext.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mergeColumns keeps every other column as declared on SQLite (Liquibase's own rebuild rewrote NUMERIC(8,2) to
 * NUMBER(10, 2) and BIGINT to BIGINT(2000000000)), fills the final column as on PostgreSQL, and keeps the indexes.
 */
class MergeColumnsTest {

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void theMergedColumnIsFilledAndEveryOtherColumnStaysAsDeclared(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("sqlite-edges/merge-columns.yaml", "merge").load();
            steps.updateCount(1);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO people (id, first_name, last_name, price, qty) VALUES "
                        + "(1, 'Ada', 'Lovelace', 12.50, 3), (2, 'Alan', 'Turing', 0.99, 4)");
            }
            Map<String, String> before = kind == TestDb.Kind.SQLITE
                    ? SqliteChangeTypesTest.declaredTypes(c, "people") : Map.of();
            steps.update();

            assertThat(SqliteChangeTypesTest.rows(c, "SELECT id, full_name, qty FROM people ORDER BY id"))
                    .containsExactly("1|Ada Lovelace|3", "2|Alan Turing|4");
            if (kind == TestDb.Kind.SQLITE) {
                Map<String, String> after = SqliteChangeTypesTest.declaredTypes(c, "people");
                assertThat(after).containsEntry("price", "NUMERIC(8,2)").containsEntry("qty", "BIGINT")
                        .containsEntry("id", before.get("id")).containsEntry("full_name", "VARCHAR(41)")
                        .doesNotContainKeys("first_name", "last_name");
                assertThat(SqliteChangeTypesTest.rows(c, "SELECT name FROM sqlite_master WHERE type = 'index' "
                        + "AND name = 'ix_people_qty'")).isEqualTo(List.of("ix_people_qty"));
            }
            steps.rollbackCount(1);
            if (kind == TestDb.Kind.SQLITE) {
                assertThat(SqliteChangeTypesTest.declaredTypes(c, "people")).containsEntry("price", "NUMERIC(8,2)")
                        .containsEntry("qty", "BIGINT").containsKeys("first_name", "last_name")
                        .doesNotContainKey("full_name");
            }
        }
    }
}
