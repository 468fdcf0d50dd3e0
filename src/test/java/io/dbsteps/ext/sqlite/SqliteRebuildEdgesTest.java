package io.dbsteps.ext.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The SQLite rebuild keeps what it does not change, character for character, and refuses what PostgreSQL refuses. */
class SqliteRebuildEdgesTest {

    @Test
    void addingAForeignKeyOverOrphanRowsFailsAndChangesNothing() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            DbSteps steps = db.configure().changelog("sqlite-edges/changelog.yaml", "edges").load();
            steps.updateCount(1);
            String before = SqliteChangeTypesTest.createText(c, "child");
            assertThatThrownBy(steps::update).isInstanceOf(DbStepsException.class)
                    .hasMessageContaining("fk_child_parent cannot be added: rows of child reference missing rows of parent");
            assertThat(SqliteChangeTypesTest.createText(c, "child")).isEqualTo(before);
            assertThat(SqliteChangeTypesTest.rows(c, "SELECT COUNT(*) FROM child")).containsExactly("2");

            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM child WHERE id = 2");
            }
            steps.update();
            String after = SqliteChangeTypesTest.createText(c, "child");
            assertThat(after).contains("amount   NUMERIC(8,2)   NOT NULL DEFAULT 0.00 CHECK (\"amount\" >= 0) COLLATE NOCASE")
                    .contains("CONSTRAINT \"fk_child_parent\" FOREIGN KEY (parent_id) REFERENCES parent (id)");
            assertThat(SqliteChangeTypesTest.rows(c, "SELECT \"table\" || '.' || \"to\" FROM pragma_foreign_key_list('child')"))
                    .containsExactly("parent.id");
        }
    }

    @Test
    void editingTheCreateTextTouchesOnlyTheEditedColumn() {
        CreateTableText t = CreateTableText.parse("CREATE TABLE \"x\" (\n  a INTEGER NOT NULL PRIMARY KEY,\n"
                + "  b numeric( 8 , 2 ) CONSTRAINT d_b DEFAULT (1 + 2) NOT NULL REFERENCES p (id) ON DELETE SET NULL "
                + "NOT DEFERRABLE,\n  c TEXT GENERATED ALWAYS AS (a || 'x') STORED,\n  CONSTRAINT u UNIQUE (a, b)\n) STRICT");
        assertThat(t.column("b").clauses).extracting(CreateTableText.Clause::kind)
                .containsExactly("default", "not", "references");
        t.removeClauses("b", k -> k.kind().equals("not"));
        t.dropColumn("c");
        assertThat(t.render("y")).isEqualTo("CREATE TABLE \"y\" (\n  a INTEGER NOT NULL PRIMARY KEY,\n"
                + "  b numeric( 8 , 2 ) CONSTRAINT d_b DEFAULT (1 + 2) REFERENCES p (id) ON DELETE SET NULL "
                + "NOT DEFERRABLE,\n  CONSTRAINT u UNIQUE (a, b)\n) STRICT");
        t.dropColumn("b");
        assertThat(t.render("y")).isEqualTo("CREATE TABLE \"y\" (\n  a INTEGER NOT NULL PRIMARY KEY\n) STRICT");
    }
}
