package io.dbsteps.internal.schema;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.jdbc.SqlText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import liquibase.CatalogAndSchema;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.snapshot.DatabaseSnapshot;
import liquibase.snapshot.SnapshotControl;
import liquibase.snapshot.SnapshotGeneratorFactory;
import liquibase.statement.DatabaseFunction;
import liquibase.structure.core.Column;
import liquibase.structure.core.DataType;
import liquibase.structure.core.ForeignKey;
import liquibase.structure.core.ForeignKeyConstraintType;
import liquibase.structure.core.PrimaryKey;
import liquibase.structure.core.Table;
import liquibase.structure.core.View;

/**
 * Reads a schema into {@link SchemaSnapshot}'s canonical form: one {@code object -> definition} entry per table,
 * column, key, constraint, index, trigger, view, sequence and enum type.
 *
 * <p>Liquibase's snapshot reads what it reads well: on PostgreSQL the tables, columns (type, nullability,
 * default, auto-increment), primary and foreign keys and views. The catalog is queried where it falls short:
 * <ul>
 *   <li>CHECK constraints: liquibase-core has no check-constraint object at all;</li>
 *   <li>PostgreSQL unique constraints: its reading has had bugs (liquibase#1477), so {@code pg_get_constraintdef};</li>
 *   <li>PostgreSQL indexes: its index object has no predicate, expressions or validity, so {@code pg_get_indexdef}
 *       and {@code indisvalid} (an INVALID index left by a failed concurrent build must show);</li>
 *   <li>PostgreSQL enum types, triggers and sequences with their owning table: not in the community snapshot;</li>
 *   <li>SQLite columns: Liquibase reads declared types lossily (NUMERIC(8,2) comes back as NUMERIC(10,2)), so
 *       {@code PRAGMA table_xinfo};</li>
 *   <li>SQLite foreign keys: they have no names, and Liquibase merges all unnamed foreign keys of a table into one,
 *       so {@code PRAGMA foreign_key_list};</li>
 *   <li>SQLite unique constraints, indexes, triggers and views: {@code PRAGMA index_list} and {@code sqlite_master}.</li>
 * </ul>
 * Column order is not part of the form: PostgreSQL can only add a column at the end, so an exact rollback of a
 * dropped column cannot restore its position, and nothing in SQL depends on it but {@code SELECT *}.
 */
public final class SchemaReader {
    private final Connection c;
    private final Predicate<String> included;
    private final SortedMap<String, String> out = new TreeMap<>();
    private Pattern qualifier;

    private SchemaReader(Connection c, Predicate<String> included) {
        this.c = c;
        this.included = included;
    }

    /**
     * What a read found: the database kind and every object with its canonical definition.
     *
     * @param dbms    {@code postgresql} or {@code sqlite}
     * @param objects object key to definition, sorted
     */
    public record Objects(String dbms, SortedMap<String, String> objects) {
    }

    /** Reads the connection's current schema, leaving out tables the predicate rejects. */
    public static Objects read(Connection c, Predicate<String> tableIncluded) {
        try {
            String product = c.getMetaData().getDatabaseProductName();
            SchemaReader reader = new SchemaReader(c, tableIncluded);
            if ("PostgreSQL".equals(product)) {
                reader.postgres();
                return new Objects("postgresql", reader.out);
            }
            if ("SQLite".equals(product)) {
                reader.sqlite();
                return new Objects("sqlite", reader.out);
            }
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Schema snapshots support PostgreSQL and "
                    + "SQLite, not " + product + ".");
        } catch (SQLException e) {
            throw new DbStepsException(ErrorCode.DATABASE_ERROR, "Reading the schema failed: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- PostgreSQL

    private void postgres() throws SQLException {
        // Definitions name the schema ("ON public.items"); a host's schema may have any name, so it is left out.
        qualifier = Pattern.compile("(?<![\\w\"])\"?" + Pattern.quote(c.getSchema()) + "\"?\\.");
        boolean autoCommit = c.getAutoCommit();
        try {
            liquibase();
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            c.setAutoCommit(autoCommit);
        }
        query("""
                SELECT t.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
                FROM pg_constraint con
                JOIN pg_class t ON t.oid = con.conrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND con.contype IN ('c', 'u', 'x')""", rs -> {
            String kind = switch (rs.getString(3)) {
                case "c" -> "check";
                case "u" -> "unique";
                default -> "exclusion";
            };
            put(rs.getString(1), kind + "/" + rs.getString(2), rs.getString(4));
        });
        query("""
                SELECT t.relname, i.relname, pg_get_indexdef(i.oid), ix.indisvalid
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema()""",
                rs -> put(rs.getString(1), "index/" + rs.getString(2), rs.getString(3) + (rs.getBoolean(4) ? "" : " INVALID")));
        query("""
                SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                FROM pg_type t
                JOIN pg_enum e ON e.enumtypid = t.oid
                JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = current_schema()
                GROUP BY t.typname""", rs -> out.put("enum/" + rs.getString(1), rs.getString(2)));
        query("""
                SELECT t.relname, tg.tgname, pg_get_triggerdef(tg.oid)
                FROM pg_trigger tg
                JOIN pg_class t ON t.oid = tg.tgrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND NOT tg.tgisinternal""",
                rs -> put(rs.getString(1), "trigger/" + rs.getString(2), rs.getString(3)));
        query("""
                SELECT s.relname, t.relname
                FROM pg_class s
                JOIN pg_namespace n ON n.oid = s.relnamespace
                LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                LEFT JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
                WHERE n.nspname = current_schema() AND s.relkind = 'S'""", rs -> {
            if (rs.getString(2) == null) {
                out.put("sequence/" + rs.getString(1), "");
            } else {
                put(rs.getString(2), "sequence/" + rs.getString(1), "");
            }
        });
    }

    /** Tables, columns, primary keys, foreign keys and views, as Liquibase's snapshot reads them. */
    @SuppressWarnings("unchecked")
    private void liquibase() throws SQLException {
        try {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            DatabaseSnapshot snapshot = SnapshotGeneratorFactory.getInstance().createSnapshot(
                    new CatalogAndSchema(null, database.getDefaultSchemaName()), database,
                    new SnapshotControl(database, Table.class, Column.class, PrimaryKey.class, ForeignKey.class,
                            View.class));
            for (Table t : snapshot.get(Table.class)) {
                String table = t.getName();
                if (!included.test(table)) {
                    continue;
                }
                out.put("table/" + table, t.getRemarks() == null ? "" : "-- " + t.getRemarks());
                for (Column col : t.getColumns()) {
                    put(table, "column/" + col.getName(), column(col));
                }
                PrimaryKey pk = t.getPrimaryKey();
                if (pk != null) {
                    put(table, "primary-key", pk.getName() + " (" + pk.getColumnNames() + ")");
                }
            }
            for (ForeignKey fk : snapshot.get(ForeignKey.class)) {
                String table = fk.getForeignKeyTable().getName();
                put(table, "foreign-key/" + fk.getName(), names(fk.getForeignKeyColumns()) + " REFERENCES "
                        + fk.getPrimaryKeyTable().getName() + names(fk.getPrimaryKeyColumns()) + " ON UPDATE "
                        + rule(fk.getUpdateRule()) + " ON DELETE " + rule(fk.getDeleteRule())
                        + (fk.isDeferrable() ? " DEFERRABLE" : "") + (fk.isInitiallyDeferred() ? " INITIALLY DEFERRED" : ""));
            }
            for (View v : snapshot.get(View.class)) {
                if (included.test(v.getName())) {
                    out.put("view/" + v.getName(), unqualified(SqlText.normalize(String.valueOf(v.getDefinition()))));
                }
            }
        } catch (liquibase.exception.LiquibaseException e) {
            throw new SQLException("Liquibase could not snapshot the schema: " + e.getMessage(), e);
        }
    }

    /** A foreign-key action as SQL spells it. */
    private static String rule(ForeignKeyConstraintType type) {
        if (type == null) {
            return "NO ACTION";
        }
        return switch (type) {
            case importedKeyCascade -> "CASCADE";
            case importedKeySetNull -> "SET NULL";
            case importedKeySetDefault -> "SET DEFAULT";
            case importedKeyRestrict -> "RESTRICT";
            case importedKeyNoAction -> "NO ACTION";
        };
    }

    private static String column(Column col) {
        StringBuilder s = new StringBuilder(type(col.getType()));
        if (Boolean.FALSE.equals(col.isNullable())) {
            s.append(" NOT NULL");
        }
        Object def = col.getDefaultValue();
        if (def != null) {
            s.append(" DEFAULT ").append(def instanceof DatabaseFunction f ? f.getValue()
                    : def instanceof String str ? "'" + str + "'" : def.toString());
        }
        if (col.isAutoIncrement()) {
            s.append(" AUTO INCREMENT");
        }
        if (Boolean.TRUE.equals(col.getComputed())) {
            s.append(" COMPUTED");
        }
        return s.toString();
    }

    /** The type as {@code name(size,digits)}, without Liquibase's length unit ("varchar(50 BYTE)"). */
    private static String type(DataType type) {
        if (type == null) {
            return "?";
        }
        if (type.getColumnSize() == null) {
            return type.getTypeName();
        }
        return type.getTypeName() + "(" + type.getColumnSize()
                + (type.getDecimalDigits() == null ? "" : "," + type.getDecimalDigits()) + ")";
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::getName).collect(Collectors.joining(",", "(", ")"));
    }

    // ---------------------------------------------------------------- SQLite

    private void sqlite() throws SQLException {
        List<String[]> objects = new ArrayList<>();
        query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
                rs -> objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}));
        for (String[] o : objects) {
            String type = o[0];
            String name = o[1];
            String table = o[2];
            if (!included.test(table)) {
                continue;
            }
            String sql = o[3] == null ? "" : SqlText.normalize(o[3]);
            switch (type) {
                case "table" -> sqliteTable(name, sql);
                case "index" -> put(table, "index/" + name, sql);
                case "trigger" -> put(table, "trigger/" + name, sql);
                case "view" -> out.put("view/" + name, sql);
                default -> out.put(type + "/" + name, sql);
            }
        }
    }

    private void sqliteTable(String table, String sql) throws SQLException {
        out.put("table/" + table, "");
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        Map<Integer, String> keyColumns = new TreeMap<>();
        query("PRAGMA table_xinfo(" + quoted + ")", rs -> {
            String name = rs.getString("name");
            StringBuilder def = new StringBuilder(SqlText.normalize(String.valueOf(rs.getString("type"))));
            if (rs.getInt("notnull") == 1) {
                def.append(" NOT NULL");
            }
            if (rs.getString("dflt_value") != null) {
                def.append(" DEFAULT ").append(SqlText.normalize(rs.getString("dflt_value")));
            }
            if (rs.getInt("hidden") != 0) {
                def.append(" GENERATED");
            }
            put(table, "column/" + name, def.toString());
            if (rs.getInt("pk") > 0) {
                keyColumns.put(rs.getInt("pk"), name);
            }
        });
        if (!keyColumns.isEmpty()) {
            put(table, "primary-key", "(" + String.join(",", keyColumns.values()) + ")");
        }
        Map<Integer, String[]> fks = new TreeMap<>();
        query("PRAGMA foreign_key_list(" + quoted + ")", rs -> {
            String[] fk = fks.get(rs.getInt("id"));
            if (fk == null) {
                fk = new String[] {rs.getString("table"), "", "", rs.getString("on_update"), rs.getString("on_delete"),
                    rs.getString("match")};
                fks.put(rs.getInt("id"), fk);
            }
            fk[1] += (fk[1].isEmpty() ? "" : ",") + rs.getString("from");
            fk[2] += (fk[2].isEmpty() ? "" : ",") + rs.getString("to");
        });
        for (String[] fk : fks.values()) {
            put(table, "foreign-key/(" + fk[1] + ")", "(" + fk[1] + ") REFERENCES " + fk[0] + "(" + fk[2]
                    + ") ON UPDATE " + fk[3] + " ON DELETE " + fk[4] + " MATCH " + fk[5]);
        }
        List<String> uniques = new ArrayList<>();
        query("PRAGMA index_list(" + quoted + ")", rs -> {
            if ("u".equals(rs.getString("origin"))) {
                uniques.add(rs.getString("name"));
            }
        });
        for (String index : uniques) {
            List<String> cols = new ArrayList<>();
            query("PRAGMA index_info(\"" + index + "\")", rs -> cols.add(rs.getString("name")));
            put(table, "unique/(" + String.join(",", cols) + ")", "UNIQUE (" + String.join(",", cols) + ")");
        }
        for (SqlText.Check check : SqlText.checks(sql)) {
            put(table, "check/" + check.expression(), check.name() == null ? "" : "CONSTRAINT " + check.name());
        }
    }

    // ---------------------------------------------------------------- helpers

    private void put(String table, String object, String definition) {
        if (included.test(table)) {
            out.put("table/" + table + "/" + object, unqualified(definition));
        }
    }

    private String unqualified(String definition) {
        return qualifier == null ? definition : qualifier.matcher(definition).replaceAll("");
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }
}
