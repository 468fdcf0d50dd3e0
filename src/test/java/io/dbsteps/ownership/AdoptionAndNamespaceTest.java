package io.dbsteps.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.MarkedRanPolicy;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.Step;
import io.dbsteps.UpdateResult;
import io.dbsteps.harness.HandMigrationProof;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.Target;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Adoption by shape, the rollback of marked-ran steps, host tables in drift, and namespaces.
 */
class AdoptionAndNamespaceTest {

    /** A host table named like codorch's first table, with another shape, is not adopted: nothing changes. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aTableOfTheWrongShapeIsNotAdopted(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, nickname VARCHAR(20))");
            st.execute("INSERT INTO users VALUES (1, 'host')");
            SortedMap<String, String> before = everything(c);
            DbSteps codorch = db.configure().schema("codorch").load();
            assertThatThrownBy(codorch::update).isInstanceOfSatisfying(DbStepsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ADOPTION_REFUSED);
                assertThat(e.getMessage()).contains("Schema codorch: update refused before anything ran",
                        "table/users/column/nickname", "Nothing was changed");
            });
            assertThat(everything(c)).isEqualTo(before);
        }
    }

    /**
     * Tables made by hand with the right shape (recruiting's phase 1, run by hand with the source document's SQL) are
     * adopted: marked ran. The rollback plan flags that step; a rollback that would
     * drop it is refused unless asked for explicitly.
     */
    @Test
    void aHandMadeTableOfTheRightShapeIsAdoptedAndItsRollbackNeedsConsent() throws Exception {
        TestDb.Kind kind = TestDb.Kind.POSTGRESQL;
        HandMigrationProof proof = new HandMigrationProof(Target.shipped("recruiting"), "1.0");
        List<String> statements = proof.statements(kind);
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps recruiting = db.configure().schema("recruiting").load();
            recruiting.updateTo("1.0");
            int k = 0;
            while (!statements.get(k).startsWith("CREATE TABLE user_candidate_assignments")) {
                k++;
            }
            for (String sql : statements.subList(0, k + 1)) {
                st.execute(sql);
            }
            UpdateResult update = recruiting.updateTo("1.1-phase1");
            assertThat(update.steps()).anyMatch(s -> s.outcome() == Step.Outcome.MARKED_RAN);

            RollbackPlan plan = recruiting.planRollback("1.0");
            assertThat(plan.steps()).anyMatch(PlannedStep::markedRan).anyMatch(s -> !s.markedRan());
            SortedMap<String, String> before = everything(c);
            assertThatThrownBy(() -> recruiting.rollbackTo("1.0")).isInstanceOfSatisfying(DbStepsException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MARKED_RAN_STEP);
                        assertThat(e.getMessage()).contains("marked ran", "--undo-marked-ran", "Nothing was changed");
                    });
            assertThat(everything(c)).isEqualTo(before);
            recruiting.rollbackTo("1.0", DataPolicy.ARCHIVE, MarkedRanPolicy.UNDO);
            assertThat(recruiting.status().currentTag()).isEqualTo("1.0");
        }
    }

    /** A host table is not the schema's drift, nor a reason to refuse adoption. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void hostTablesAreNotDrift(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            DbSteps trajectory = db.configure().schema("trajectory").load();
            trajectory.updateTo("1.0");
            st.execute("CREATE TABLE host_sessions (id INTEGER PRIMARY KEY)");
            assertThat(trajectory.checkDrift().differences()).isEmpty();
        }
    }

    /** Two copies of one schema in two namespaces of one PostgreSQL database, each at its own tag. */
    @Test
    void twoCopiesOfOneSchemaLiveInTwoNamespaces() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection c = db.connect()) {
            DbSteps first = db.configure().schema("recruiting").namespace("tenant_a").load();
            DbSteps second = db.configure().schema("recruiting").namespace("tenant_b").load();
            first.update();
            second.updateTo("1.0");
            assertThat(first.status().currentTag()).isEqualTo("1.1");
            assertThat(second.status().currentTag()).isEqualTo("1.0");
            assertThat(first.checkDrift().differences()).isEmpty();
            assertThat(second.checkDrift().differences()).isEmpty();
            assertThat(tables(c, "tenant_a")).contains("users", "dbsteps_recruiting_log");
            assertThat(tables(c, "tenant_b")).contains("users", "dbsteps_recruiting_log");
            assertThat(tables(c, "public")).isEmpty();
            second.update();
            second.rollbackTo("1.0");
            assertThat(first.status().currentTag()).isEqualTo("1.1");
            assertThat(first.checkDrift().differences()).isEmpty();
            // the connection's own search_path is untouched by dbsteps
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("public");
            }
        }
    }

    @Test
    void aNamespaceOnSqliteIsRefused() {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            DbSteps steps = db.configure().schema("codorch").namespace("tenant_a").load();
            assertThatThrownBy(steps::update).isInstanceOfSatisfying(DbStepsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
        }
    }

    private static List<String> tables(Connection c, String namespace) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, namespace, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    private static SortedMap<String, String> everything(Connection c) throws Exception {
        SortedMap<String, String> out = new TreeMap<>(io.dbsteps.SchemaSnapshot.of(c).objects());
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.put("name/" + rs.getString("TABLE_NAME"), "");
            }
        }
        RowChecksums.of(c, "(?!)").forEach((t, sum) -> out.put("rows/" + t, sum));
        return out;
    }
}
