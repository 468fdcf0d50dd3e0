package io.dbsteps.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A deterministic data set for one schema at one tag, read from {@code fixtures/<schema>/<tag>.yaml}:
 * <pre>
 * tables:                      # filled in this order, parents first
 *   - table: users
 *     rows: 2000
 *     values:                  # optional overrides of the generated values, per column
 *       role: [consultant, admin]          # cycled through
 *       settings: json                     # a JSON object (also: uuid, text, null)
 *       email: {template: "u{i}@example.test"}
 *       gpa: {min: 0, max: 4, scale: 2}
 *       user_id: {fk: distinct}            # a different parent row for every row
 * checks:                      # after the update to head: each query returns one row, first column true
 *   - name: every upload became one resume
 *     sql: SELECT COUNT(*) = 0 FROM ...
 *     postgresql: ...          # optional per-database variants of sql
 *     sqlite: ...
 * </pre>
 */
public record Fixture(String schema, String tag, List<TableSpec> tables, List<Check> checks) {

    /** How one table is filled. */
    public record TableSpec(String table, int rows, Map<String, Object> values) {
    }

    /** A query that must return true after the update to head. */
    public record Check(String name, String sql, String postgresql, String sqlite) {
        String sqlFor(boolean postgres) {
            String specific = postgres ? postgresql : sqlite;
            return specific != null ? specific : sql;
        }
    }

    static String resource(String schema, String tag) {
        return "fixtures/" + schema + "/" + tag + ".yaml";
    }

    public static boolean exists(String schema, String tag) {
        return Fixture.class.getClassLoader().getResource(resource(schema, tag)) != null;
    }

    @SuppressWarnings("unchecked")
    public static Fixture read(String schema, String tag) {
        String path = resource(schema, tag);
        try (InputStream in = Fixture.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<TableSpec> tables = new ArrayList<>();
            for (Map<String, Object> t : (List<Map<String, Object>>) root.getOrDefault("tables", List.of())) {
                Map<String, Object> values = (Map<String, Object>) t.getOrDefault("values", Map.of());
                tables.add(new TableSpec((String) t.get("table"), ((Number) t.get("rows")).intValue(),
                        new LinkedHashMap<>(values)));
            }
            List<Check> checks = new ArrayList<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) root.getOrDefault("checks", List.of())) {
                checks.add(new Check((String) c.get("name"), (String) c.get("sql"), (String) c.get("postgresql"),
                        (String) c.get("sqlite")));
            }
            return new Fixture(schema, tag, List.copyOf(tables), List.copyOf(checks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
