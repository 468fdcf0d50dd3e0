package io.dbsteps.internal.ownership;

import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.liquibase.LiquibaseSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns the tables of a namespace besides the schema at hand. Every Liquibase tracking table in the namespace
 * (a table with the columns ID, AUTHOR, FILENAME and EXECTYPE: {@code dbsteps_<schema>_log}, a host changelog's
 * {@code <prefix>_log}, plain Liquibase's {@code databasechangelog}) other than this schema's own belongs to another
 * schema. That schema owns the tables of the expected snapshot shipped for its current tag (next to its changelog, found
 * from the FILENAME it recorded) and every table its history names ({@code tableName=...} in a description).
 */
public final class Ownership {
    private static final Pattern NAMED = Pattern.compile("(?i)(?:tableName|newTableName|oldTableName)=([\\w$]+)");
    private static final Pattern ARCHIVE = Pattern.compile(
            "(?i)dbsteps_archive_.*|dbsteps_tags|dbsteps_.*_(log|lock|undo|release)");

    /** Another schema in the namespace, and the live tables it owns. */
    public record Owner(String name, String logTable, Set<String> tables) {
    }

    private final List<Owner> owners;
    private final Set<String> liveTables;

    private Ownership(List<Owner> owners, Set<String> liveTables) {
        this.owners = owners;
        this.liveTables = liveTables;
    }

    public List<Owner> owners() {
        return owners;
    }

    /** The owners of the namespace other than the session's schema. */
    public static Ownership of(LiquibaseSession s) throws SQLException {
        Connection c = s.connection();
        String dbms = c.getMetaData().getDatabaseProductName().equals("SQLite") ? "sqlite" : "postgresql";
        Map<String, Set<String>> columns = columns(c, dbms);
        Set<String> live = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        live.addAll(columns.keySet());
        String own = s.settings().changelog().logTable();
        List<Owner> owners = new ArrayList<>();
        for (Map.Entry<String, Set<String>> t : columns.entrySet()) {
            Set<String> cols = t.getValue();
            if (t.getKey().equalsIgnoreCase(own) || !(cols.contains("id") && cols.contains("author")
                    && cols.contains("filename") && cols.contains("exectype"))) {
                continue;
            }
            Set<String> tables = owned(c, t.getKey(), dbms, s.settings().classLoader());
            tables.retainAll(live);
            tables.removeIf(x -> ARCHIVE.matcher(x).matches());
            owners.add(new Owner(displayName(t.getKey()), t.getKey(), tables));
        }
        return new Ownership(owners, live);
    }

    /** The tracking tables of every schema in the namespace, this one's included. */
    public Set<String> trackingTables() {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Owner o : owners) {
            out.add(o.logTable());
            String prefix = o.logTable().substring(0, o.logTable().length() - (o.logTable().toLowerCase(Locale.ROOT)
                    .endsWith("_log") ? 4 : 0));
            for (String t : liveTables) {
                if (t.equalsIgnoreCase(prefix + "_lock") || t.equalsIgnoreCase(prefix + "_undo")
                        || t.equalsIgnoreCase(prefix + "lock")) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Every table another schema owns, with its owner. */
    public Map<String, Owner> ownedElsewhere() {
        Map<String, Owner> out = new LinkedHashMap<>();
        for (Owner o : owners) {
            o.tables().forEach(t -> out.putIfAbsent(t.toLowerCase(Locale.ROOT), o));
        }
        return out;
    }

    private static String displayName(String logTable) {
        String lower = logTable.toLowerCase(Locale.ROOT);
        if (lower.startsWith("dbsteps_") && lower.endsWith("_log")) {
            return logTable.substring(8, logTable.length() - 4);
        }
        return lower.equals("databasechangelog") ? "Liquibase changelog (databasechangelog)"
                : "changelog with tracking table " + logTable;
    }

    private static Set<String> owned(Connection c, String logTable, String dbms, ClassLoader loader)
            throws SQLException {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        String dir = null;
        String tag = null;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT filename, tag, description "
                + "FROM " + quote(logTable) + " ORDER BY orderexecuted")) {
            while (rs.next()) {
                String file = rs.getString(1);
                if (dir == null && file != null && file.contains("/")) {
                    dir = file.substring(0, file.lastIndexOf('/') + 1);
                }
                if (rs.getString(2) != null) {
                    tag = rs.getString(2);
                }
                Matcher m = NAMED.matcher(String.valueOf(rs.getString(3)));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        if (dir != null && tag != null) {
            try (InputStream in = loader.getResourceAsStream(dir + "snapshots/" + tag + "." + dbms + ".txt")) {
                if (in != null) {
                    SchemaSnapshot expected = SchemaSnapshot.parse(new String(in.readAllBytes(),
                            StandardCharsets.UTF_8));
                    for (String key : expected.objects().keySet()) {
                        if (key.startsWith("table/") && key.indexOf('/', 6) < 0) {
                            out.add(key.substring(6));
                        }
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                // no readable snapshot: the history's names are all that is known
            }
        }
        return out;
    }

    private static String quote(String table) {
        return "\"" + table.replace("\"", "\"\"") + "\"";
    }

    /** Every table of the namespace with its column names, lower case. */
    private static Map<String, Set<String>> columns(Connection c, String dbms) throws SQLException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        DatabaseMetaData md = c.getMetaData();
        String schema = dbms.equals("postgresql") ? c.getSchema() : null;
        try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                out.put(rs.getString("TABLE_NAME"), new HashSet<>());
            }
        }
        try (ResultSet rs = md.getColumns(null, schema, "%", "%")) {
            while (rs.next()) {
                Set<String> cols = out.get(rs.getString("TABLE_NAME"));
                if (cols != null) {
                    cols.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
