package io.dbsteps.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.harness.Fixture;
import io.dbsteps.harness.FixtureLoader;
import io.dbsteps.harness.RowChecksums;
import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ordered pair (A, B) of shipped schemas in one database and one namespace, on SQLite and PostgreSQL: A is
 * updated to head with rows in its tables; then B is updated, rolled back fully and updated again. A's schema and row
 * checksums never change and A's drift stays clean. B is refused exactly when it shares a table name with A, and
 * then with {@link ErrorCode#OWNED_ELSEWHERE}, naming A, and the database is exactly as before.
 */
class SchemaPairsTest {
    private static final List<String> SCHEMAS = DbSteps.shippedSchemas();
    private static final String NOTHING = "(?!)";

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (TestDb.Kind kind : TestDb.Kind.values()) {
            for (String a : SCHEMAS) {
                for (String b : SCHEMAS) {
                    if (!a.equals(b)) {
                        out.add(Arguments.of(kind, a, b));
                    }
                }
            }
        }
        return out.stream();
    }

    /** Schema A at head with rows, built once per database kind and copied for each B. */
    private record Prepared(TestDb template, Set<String> tablesA, SortedMap<String, String> schemaA,
                            SortedMap<String, String> rowsA) {
    }

    private static final Map<String, Prepared> PREPARED = new HashMap<>();

    @AfterAll
    static void dropTemplates() {
        PREPARED.values().forEach(p -> p.template().close());
    }

    private static synchronized Prepared prepared(TestDb.Kind kind, String a) throws Exception {
        Prepared p = PREPARED.get(kind + "/" + a);
        if (p == null) {
            TestDb db = TestDb.create(kind);
            try (Connection c = db.connect()) {
                DbSteps stepsA = db.configure().schema(a).load();
                stepsA.updateTo("1.0");
                FixtureLoader.load(c, kind == TestDb.Kind.POSTGRESQL, small(Fixture.read(a, "1.0")));
                stepsA.update();
                Set<String> tablesA = tables(stepsA.snapshot().objects().keySet());
                assertThat(stepsA.checkDrift().differences()).isEmpty();
                p = new Prepared(db, tablesA, only(tablesA, stepsA.snapshot().objects()),
                        only(tablesA, RowChecksums.of(c, NOTHING)));
            }
            assertThat(p.rowsA().values()).anyMatch(sum -> !sum.startsWith("0 rows"));
            PREPARED.put(kind + "/" + a, p);
        }
        return p;
    }

    @ParameterizedTest(name = "{0}: {1} then {2}")
    @MethodSource("pairs")
    void bNeverTouchesA(TestDb.Kind kind, String a, String b) throws Exception {
        Prepared prepared = prepared(kind, a);
        Set<String> tablesA = prepared.tablesA();
        SortedMap<String, String> schemaA = prepared.schemaA();
        SortedMap<String, String> rowsA = prepared.rowsA();
        try (TestDb db = prepared.template().copy(); Connection c = db.connect()) {
            DbSteps stepsA = db.configure().schema(a).load();

            DbSteps stepsB = db.configure().schema(b).load();
            Set<String> shared = new TreeSet<>(tablesA);
            shared.retainAll(everyTableOf(b, kind));
            if (!shared.isEmpty()) {
                SortedMap<String, String> before = everything(c, stepsA);
                assertThatThrownBy(stepsB::update).isInstanceOfSatisfying(DbStepsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OWNED_ELSEWHERE);
                    assertThat(e.getMessage()).contains("Schema " + b + ":", "schema " + a + " ", "Nothing was changed",
                            "namespace of its own").contains(shared.iterator().next());
                });
                assertThat(everything(c, stepsA)).as("the database after the refusal").isEqualTo(before);
            } else {
                stepsB.update();
                stepsB.rollbackCount(stepsB.history().applied().size());
                assertThat(stepsB.history().applied()).isEmpty();
                stepsB.update();
                assertThat(stepsB.checkDrift().differences()).isEmpty();
            }
            assertThat(only(tablesA, stepsA.snapshot().objects())).isEqualTo(schemaA);
            assertThat(only(tablesA, RowChecksums.of(c, NOTHING))).isEqualTo(rowsA);
            assertThat(stepsA.checkDrift().differences()).isEmpty();
        }
    }

    /**
     * The fixture with a few rows per table: enough to see that none change, cheap enough for 40 cases. aarlp's jobs
     * keep all their rows, because its candidates name jobs by the ids the loader generates for them.
     */
    private static Fixture small(Fixture f) {
        return new Fixture(f.schema(), f.tag(), f.tables().stream()
                .map(t -> new Fixture.TableSpec(t.table(), t.table().equals("jobs") ? t.rows() : Math.min(t.rows(), 25),
                        t.values())).toList(), List.of());
    }

    /** The schema, every table name (tracking tables included) and every row checksum. */
    private static SortedMap<String, String> everything(Connection c, DbSteps any) throws Exception {
        SortedMap<String, String> out = new TreeMap<>(any.snapshot().objects());
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.put("name/" + rs.getString("TABLE_NAME"), "");
            }
        }
        RowChecksums.of(c, NOTHING).forEach((t, sum) -> out.put("rows/" + t, sum));
        return out;
    }

    private static Set<String> tables(Set<String> keys) {
        Set<String> out = new TreeSet<>();
        for (String k : keys) {
            if (k.startsWith("table/")) {
                out.add(k.split("/")[1]);
            }
        }
        return out;
    }

    private static <V> SortedMap<String, V> only(Set<String> tables, SortedMap<String, V> map) {
        SortedMap<String, V> out = new TreeMap<>();
        map.forEach((k, v) -> {
            String table = k.startsWith("table/") ? k.split("/")[1] : k;
            if (tables.contains(table)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Every table any release of the schema has, from its shipped expected snapshots. */
    private static Set<String> everyTableOf(String schema, TestDb.Kind kind) throws IOException {
        Set<String> out = new TreeSet<>();
        ClassLoader loader = SchemaPairsTest.class.getClassLoader();
        String changelog;
        try (InputStream in = loader.getResourceAsStream("dbsteps/" + schema + "/changelog.yaml")) {
            changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String file : changelog.split("\n")) {
            int at = file.indexOf("dbsteps/" + schema + "/");
            if (at < 0 || !file.contains(".yaml")) {
                continue;
            }
            String release = file.substring(at + ("dbsteps/" + schema + "/").length(), file.indexOf(".yaml"));
            try (InputStream in = loader.getResourceAsStream("dbsteps/" + schema + "/snapshots/" + release + "."
                    + kind + ".txt")) {
                if (in != null) {
                    out.addAll(tables(io.dbsteps.SchemaSnapshot.parse(new String(in.readAllBytes(),
                            StandardCharsets.UTF_8)).objects().keySet()));
                }
            }
        }
        return out;
    }
}
