package io.dbsteps.harness;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Fills the tables of a {@link Fixture} with deterministic rows generated from the live schema: column types,
 * sizes, nullability, primary keys and foreign keys come from JDBC metadata, and the fixture's {@code values}
 * override a column where the schema alone cannot say what is valid (CHECK-constrained values, JSON in a TEXT
 * column on SQLite). The same fixture yields the same rows on every run and every database.
 */
public final class FixtureLoader {
    private static final LocalDateTime BASE = LocalDateTime.of(2025, 1, 1, 8, 0);
    private static final DateTimeFormatter SQLITE_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Connection c;
    private final boolean postgres;
    private final Map<String, List<Object>> keys = new HashMap<>();

    private FixtureLoader(Connection c, boolean postgres) {
        this.c = c;
        this.postgres = postgres;
    }

    public static void load(Connection c, boolean postgres, Fixture fixture) {
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            FixtureLoader loader = new FixtureLoader(c, postgres);
            for (Fixture.TableSpec t : fixture.tables()) {
                loader.fill(t);
            }
            c.commit();
            c.setAutoCommit(auto);
        } catch (SQLException e) {
            throw new IllegalStateException("loading fixture " + fixture.schema() + "@" + fixture.tag() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private record Col(String name, String type, int jdbcType, int size, int scale, boolean nullable,
                       boolean generated, boolean key, Fk fk) {
    }

    private record Fk(String table, String column) {
    }

    private void fill(Fixture.TableSpec spec) throws SQLException {
        List<Col> cols = columns(spec.table());
        if (cols.isEmpty()) {
            throw new IllegalStateException("fixture table " + spec.table() + " does not exist");
        }
        List<Col> insert = cols.stream().filter(col -> !col.generated()).toList();
        String sql = "INSERT INTO " + spec.table() + " (" + String.join(", ", insert.stream().map(Col::name).toList())
                + ") VALUES (" + String.join(", ", insert.stream().map(x -> "?").toList()) + ")";
        List<Object> myKeys = new ArrayList<>();
        String keyColumn = cols.stream().filter(Col::key).map(Col::name).findFirst().orElse(null);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < spec.rows(); i++) {
                for (int p = 0; p < insert.size(); p++) {
                    Col col = insert.get(p);
                    Object v = value(spec, col, i, myKeys);
                    bind(ps, p + 1, col, v);
                    if (col.name().equals(keyColumn)) {
                        myKeys.add(v);
                    }
                }
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        keys.put(spec.table(), readKeys(spec.table(), keyColumn));
    }

    private List<Object> readKeys(String table, String keyColumn) throws SQLException {
        List<Object> out = new ArrayList<>();
        if (keyColumn == null) {
            return out;
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + keyColumn + " FROM " + table + " ORDER BY " + keyColumn)) {
            while (rs.next()) {
                out.add(rs.getObject(1));
            }
        }
        return out;
    }

    private Object value(Fixture.TableSpec spec, Col col, int i, List<Object> ownKeys) {
        Object override = spec.values().get(col.name());
        if (col.fk() != null && !(override instanceof List<?>)) {
            return reference(spec.table(), col, i, ownKeys, override);
        }
        if (override instanceof List<?> list) {
            return list.get(i % list.size());
        }
        if (override instanceof Map<?, ?> m) {
            if (m.containsKey("template")) {
                return ((String) m.get("template")).replace("{i}", Integer.toString(i));
            }
            if (m.containsKey("min")) {
                BigDecimal min = new BigDecimal(m.get("min").toString());
                BigDecimal max = new BigDecimal(m.get("max").toString());
                int scale = m.containsKey("scale") ? ((Number) m.get("scale")).intValue() : 2;
                BigDecimal span = max.subtract(min);
                BigDecimal step = BigDecimal.valueOf((i * 7919L) % 1000).divide(BigDecimal.valueOf(999), 10,
                        RoundingMode.HALF_UP);
                return min.add(span.multiply(step)).setScale(scale, RoundingMode.DOWN);
            }
            throw new IllegalArgumentException("unknown value override " + m + " for " + spec.table() + "." + col.name());
        }
        String kind = override instanceof String s ? s : kindOf(col);
        if ("null".equals(kind)) {
            return null;
        }
        if (col.key()) {
            return kindOf(col).equals("integer") ? Long.valueOf(i + 1) : uuid(spec.table(), i);
        }
        if (col.nullable() && i % 7 == 6) {
            return null;
        }
        return switch (kind) {
            case "uuid" -> uuid(spec.table() + "." + col.name(), i);
            case "json" -> "{\"n\": " + i + ", \"tag\": \"t" + (i % 5) + "\", \"items\": [" + (i % 3) + ", "
                    + (i % 11) + "]}";
            case "boolean" -> i % 3 != 0;
            case "integer" -> (i * 37L) % 1000;
            case "decimal" -> decimal(col, i);
            case "timestamp" -> BASE.plusMinutes(i * 17L).plusSeconds(i % 60);
            case "date" -> BASE.toLocalDate().plusDays(i % 400);
            case "binary" -> ("bin-" + i).getBytes(StandardCharsets.UTF_8);
            default -> text(col, i);
        };
    }

    private Object reference(String table, Col col, int i, List<Object> ownKeys, Object override) {
        if (col.fk().table().equalsIgnoreCase(table)) {
            // a self-reference points at an earlier row, so the rows form trees
            if (i == 0 || (col.nullable() && i % 4 == 0)) {
                return col.nullable() ? null : ownKeys.isEmpty() ? null : ownKeys.get(0);
            }
            return ownKeys.get((i - 1) / 3);
        }
        List<Object> parents = keys.get(col.fk().table());
        if (parents == null || parents.isEmpty()) {
            if (col.nullable()) {
                return null;
            }
            throw new IllegalStateException("fixture fills " + table + " before its parent " + col.fk().table());
        }
        if (override instanceof Map<?, ?> m && "distinct".equals(m.get("fk"))) {
            if (i >= parents.size()) {
                throw new IllegalStateException(table + "." + col.name() + " wants a distinct parent per row but "
                        + col.fk().table() + " has only " + parents.size() + " rows");
            }
            return parents.get(i);
        }
        if (col.nullable() && i % 5 == 4) {
            return null;
        }
        return parents.get((int) ((i * 7L + 3) % parents.size()));
    }

    private static UUID uuid(String seed, int i) {
        return UUID.nameUUIDFromBytes((seed + "#" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static Object decimal(Col col, int i) {
        if (col.jdbcType() == Types.NUMERIC || col.jdbcType() == Types.DECIMAL) {
            int precision = col.size() > 0 && col.size() < 30 ? col.size() : 10;
            int scale = Math.max(col.scale(), 0);
            long bound = (long) Math.pow(10, Math.min(precision, 12));
            return BigDecimal.valueOf((i * 7919L) % bound, scale);
        }
        return (i % 800) / 8.0;
    }

    private static String text(Col col, int i) {
        String s = col.name() + " " + i;
        return col.size() > 0 && s.length() > col.size() ? s.substring(s.length() - col.size()) : s;
    }

    private String kindOf(Col col) {
        String t = col.type().toLowerCase(Locale.ROOT);
        if (t.contains("uuid")) {
            return "uuid";
        }
        if (t.contains("json")) {
            return "json";
        }
        if (t.contains("bool")) {
            return "boolean";
        }
        if (t.contains("int") || t.contains("serial")) {
            return "integer";
        }
        if (t.contains("float") || t.contains("double") || t.contains("real") || t.contains("numeric")
                || t.contains("decimal")) {
            return "decimal";
        }
        if (t.contains("timestamp") || t.contains("datetime")) {
            return "timestamp";
        }
        if (t.equals("date")) {
            return "date";
        }
        if (t.contains("bytea") || t.contains("blob") || t.contains("binary")) {
            return "binary";
        }
        return "text";
    }

    private void bind(PreparedStatement ps, int p, Col col, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(p, col.jdbcType() == Types.OTHER ? Types.OTHER : Types.NULL);
        } else if (v instanceof LocalDateTime ts) {
            if (postgres) {
                ps.setTimestamp(p, Timestamp.valueOf(ts));
            } else {
                ps.setString(p, ts.format(SQLITE_TS));
            }
        } else if (v instanceof java.time.LocalDate d) {
            if (postgres) {
                ps.setObject(p, d);
            } else {
                ps.setString(p, d.toString());
            }
        } else if (v instanceof UUID u) {
            if (postgres && kindOf(col).equals("uuid")) {
                ps.setObject(p, u);
            } else {
                ps.setString(p, u.toString());
            }
        } else if (postgres && col.jdbcType() == Types.OTHER) {
            ps.setObject(p, v.toString(), Types.OTHER); // uuid, json and jsonb columns take text
        } else if (postgres && v instanceof String s && col.jdbcType() == Types.VARCHAR && !characterType(col.type())) {
            ps.setObject(p, s, Types.OTHER); // pgjdbc reports an enum column as VARCHAR; it takes untyped text
        } else if (v instanceof byte[] b) {
            ps.setBytes(p, b);
        } else {
            ps.setObject(p, v);
        }
    }

    /** PostgreSQL's own character types; any other type that pgjdbc reports as VARCHAR is an enum. */
    private static boolean characterType(String typeName) {
        return switch (typeName.toLowerCase(Locale.ROOT)) {
            case "varchar", "text", "bpchar", "char", "name", "character varying", "character", "citext" -> true;
            default -> false;
        };
    }

    private List<Col> columns(String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String schema = postgres ? c.getSchema() : null;
        List<String> pk = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                pk.add(rs.getString("COLUMN_NAME"));
            }
        }
        Map<String, Fk> fks = new HashMap<>();
        try (ResultSet rs = md.getImportedKeys(null, schema, table)) {
            while (rs.next()) {
                fks.put(rs.getString("FKCOLUMN_NAME"), new Fk(rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME")));
            }
        }
        List<Col> out = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, schema, table, "%")) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                String def = rs.getString("COLUMN_DEF");
                boolean identity = "YES".equals(rs.getString("IS_AUTOINCREMENT"))
                        || (def != null && def.startsWith("nextval("));
                // SQLite's INTEGER PRIMARY KEY is the rowid, which the database assigns
                boolean rowid = !postgres && pk.size() == 1 && pk.contains(name)
                        && "INTEGER".equalsIgnoreCase(rs.getString("TYPE_NAME"));
                out.add(new Col(name, rs.getString("TYPE_NAME"), rs.getInt("DATA_TYPE"), rs.getInt("COLUMN_SIZE"),
                        rs.getInt("DECIMAL_DIGITS"), rs.getInt("NULLABLE") == DatabaseMetaData.columnNullable,
                        identity || rowid, pk.size() == 1 && pk.contains(name), fks.get(name)));
            }
        }
        return out;
    }

    /** The fixture's checks that do not hold, each with its query; empty if all hold. */
    public static List<String> failedChecks(Connection c, boolean postgres, Fixture fixture) {
        List<String> failed = new ArrayList<>();
        for (Fixture.Check check : fixture.checks()) {
            String sql = check.sqlFor(postgres);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    failed.add(check.name() + ": " + sql);
                }
            } catch (SQLException e) {
                failed.add(check.name() + ": " + e.getMessage() + ": " + sql);
            }
        }
        return failed;
    }
}
