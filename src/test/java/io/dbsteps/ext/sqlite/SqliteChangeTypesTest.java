package io.dbsteps.ext.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.PendingChange;
import io.dbsteps.harness.Target;
import io.dbsteps.proof.ProofKind;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The change-type matrix: every standard change type that SQLite cannot do with a plain ALTER TABLE, on tables
 * with NUMERIC(8,2), BIGINT, CHECK, UNIQUE, foreign keys, an index, a trigger, a view and rows, proved per changeset
 * by the harness on both databases, and on SQLite checked for exact declared types, constraint text and rows.
 */
class SqliteChangeTypesTest {
    static final Target MATRIX = Target.custom("sqlite-matrix", "sqlite-matrix/changelog.yaml", "proof_matrix");

    @ParameterizedTest(name = "every change type rolls back exactly on {0}")
    @EnumSource(TestDb.Kind.class)
    void everyChangeTypeRollsBackExactly(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            MATRIX.proof(db).only(ProofKind.PER_CHANGESET).verify();
        }
    }

    @Test
    void declaredTypesConstraintsAndRowsStayExactThroughUpdateRollbackAndReapply() throws SQLException {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            DbSteps steps = MATRIX.load(db);
            List<PendingChange> pending = steps.status().pending();
            int base = 0;
            while (!pending.get(base).id().equals("06-rows")) {
                base++;
            }
            steps.updateCount(base + 1);
            Map<String, String> baseTypes = declaredTypes(c, "items");
            List<String> baseShape = shape(c, "items");
            List<String> baseRows = rows(c, "SELECT id, account_id, code, price, qty, label FROM items ORDER BY id");
            assertThat(baseTypes).containsEntry("price", "NUMERIC(8,2)").containsEntry("qty", "BIGINT");

            steps.update();
            Map<String, String> head = declaredTypes(c, "items");
            assertThat(head).containsEntry("id", "INTEGER").containsEntry("account_id", "INTEGER")
                    .containsEntry("code", "VARCHAR(20)").containsEntry("price", "NUMERIC(8,2)")
                    .containsEntry("quantity", "BIGINT").containsEntry("label", "VARCHAR(40)")
                    .containsEntry("weight", "NUMERIC(6,3)").containsEntry("sku", "VARCHAR(30)")
                    .doesNotContainKey("note").containsKeys("weight", "sku");
            List<String> headShape = shape(c, "items");
            assertThat(createText(c, "items")).contains("CHECK (price >= 0)", "CONSTRAINT ck_items_qty CHECK (quantity >= 0)",
                    "CONSTRAINT \"uq_items_account_label\" UNIQUE (account_id, label)", "NOT NULL DEFAULT 1")
                    .doesNotContain("uq_items_code", "fk_items_account");
            assertThat(createText(c, "item_log")).contains("CONSTRAINT \"pk_item_log\" PRIMARY KEY (id)",
                    "CONSTRAINT \"fk_item_log_item\" FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE");
            assertThat(createText(c, "tags")).doesNotContain("PRIMARY KEY");
            assertThat(rows(c, "SELECT id, account_id, code, price, quantity, label FROM items ORDER BY id"))
                    .isEqualTo(baseRows);
            assertThat(objects(c)).contains("index ix_items_qty", "trigger trg_items_log", "view v_items");

            steps.rollbackCount(steps.history().applied().size() - (base + 1));
            assertThat(declaredTypes(c, "items")).isEqualTo(baseTypes);
            assertThat(shape(c, "items")).isEqualTo(baseShape);
            assertThat(rows(c, "SELECT id, account_id, code, price, qty, label FROM items ORDER BY id"))
                    .isEqualTo(baseRows);
            assertThat(objects(c)).contains("index ix_items_qty", "trigger trg_items_log", "view v_items");

            steps.update();
            assertThat(declaredTypes(c, "items")).isEqualTo(head);
            assertThat(shape(c, "items")).isEqualTo(headShape);
        }
    }

    static Map<String, String> declaredTypes(Connection c, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, type FROM pragma_table_xinfo('" + table + "')")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static String createText(Connection c, String table) throws SQLException {
        return rows(c, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'").get(0);
    }

    /**
     * What a table is, independent of where in its CREATE text a constraint is written: every column's declared
     * type, NOT NULL, default and primary-key position, the CHECK clauses, the foreign keys and the unique indexes.
     */
    static List<String> shape(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>(rows(c, "SELECT 'column ' || name || ' ' || type || ' notnull=' || \"notnull\""
                + " || ' default=' || ifnull(dflt_value, '-') || ' pk=' || pk FROM pragma_table_xinfo('" + table + "')"));
        String create = createText(c, table);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CHECK \\([^()]*\\)").matcher(create);
        while (m.find()) {
            out.add("check " + m.group());
        }
        out.addAll(rows(c, "SELECT 'fk ' || \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' ' || on_delete"
                + " FROM pragma_foreign_key_list('" + table + "') ORDER BY 1"));
        out.addAll(rows(c, "SELECT 'unique ' || group_concat(ii.name) FROM pragma_index_list('" + table + "') il, "
                + "pragma_index_info(il.name) ii WHERE il.\"unique\" = 1 GROUP BY il.name ORDER BY 1"));
        out.addAll(rows(c, "SELECT 'index ' || name FROM pragma_index_list('" + table + "') WHERE origin = 'c'"));
        java.util.Collections.sort(out);
        return out;
    }

    static List<String> objects(Connection c) throws SQLException {
        return rows(c, "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1");
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
