package io.dbsteps.ext.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * addAutoIncrement on SQLite keeps every other column as declared (Liquibase's own rebuild rewrote them), keeps the
 * rows and the key's name, and refuses, with nothing changed, a column SQLite cannot give AUTOINCREMENT.
 */
class AddAutoIncrementTest {

    @Test
    void anIntegerKeyBecomesAutoIncrementAndAnythingElseIsRefused() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("sqlite-edges/add-auto-increment.yaml", "autoinc").load();
            steps.updateCount(1);
            exec(c, "INSERT INTO tickets (id, price, qty) VALUES (7, 1.50, 2)");
            steps.updateCount(1);

            assertThat(SqliteChangeTypesTest.declaredTypes(c, "tickets")).containsEntry("id", "INTEGER")
                    .containsEntry("price", "NUMERIC(8,2)").containsEntry("qty", "BIGINT");
            assertThat(SqliteChangeTypesTest.createText(c, "tickets"))
                    .contains("CONSTRAINT \"pk_tickets\" PRIMARY KEY AUTOINCREMENT");
            exec(c, "INSERT INTO tickets (price, qty) VALUES (2.00, 1)");
            assertThat(SqliteChangeTypesTest.rows(c, "SELECT id, qty FROM tickets ORDER BY id"))
                    .containsExactly("7|2", "8|1");

            String labels = SqliteChangeTypesTest.createText(c, "labels");
            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("3-not-an-integer-key")
                    .hasMessageContaining("AUTOINCREMENT only to an INTEGER column");
            assertThat(SqliteChangeTypesTest.createText(c, "labels")).isEqualTo(labels);
            assertThat(steps.history().applied()).hasSize(2);
        }
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
