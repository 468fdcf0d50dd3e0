package io.dbsteps;

import io.dbsteps.internal.schema.SchemaReader;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A schema as dbsteps sees it, in a canonical form: one {@code object = definition} entry for every table, column,
 * primary, foreign and unique key, CHECK constraint, index, trigger, view, sequence and enum type, keyed as
 * {@code table/<table>/<kind>/<name>}. The proof harness proves every changelog with it, and the drift check
 * compares a live database with the snapshot the harness recorded for its tag, so production checks exactly what
 * the tests proved. See the package's SchemaReader for where each entry comes from.
 *
 * <p>dbsteps' own tables ({@code dbsteps_*}: tracking tables, undo stores, archives) are never part of it.
 */
public final class SchemaSnapshot {
    private static final String HEADER = "# dbsteps schema snapshot, format 1, database ";
    private static final Pattern OWN_TABLES = Pattern.compile("(?i)dbsteps_.*");

    private final String dbms;
    private final SortedMap<String, String> objects;

    SchemaSnapshot(String dbms, SortedMap<String, String> objects) {
        this.dbms = dbms;
        this.objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
    }

    /**
     * Reads the current schema of a connection (PostgreSQL: its current schema; SQLite: the main database). The
     * connection is left open, with its autoCommit as it was.
     *
     * @param connection an open connection
     * @return the snapshot
     */
    public static SchemaSnapshot of(Connection connection) {
        SchemaReader.Objects read = SchemaReader.read(connection, table -> !OWN_TABLES.matcher(table).matches());
        return new SchemaSnapshot(read.dbms(), read.objects());
    }

    /**
     * The snapshot of a database with no objects.
     *
     * @param dbms {@code postgresql} or {@code sqlite}
     * @return the empty snapshot
     */
    public static SchemaSnapshot empty(String dbms) {
        return new SchemaSnapshot(dbms, new TreeMap<>());
    }

    /**
     * A snapshot of the given objects, in the canonical form {@link #objects()} returns.
     *
     * @param dbms    {@code postgresql} or {@code sqlite}
     * @param objects object key to definition
     * @return the snapshot
     */
    public static SchemaSnapshot of(String dbms, SortedMap<String, String> objects) {
        return new SchemaSnapshot(dbms, objects);
    }

    /**
     * Reads a snapshot written by {@link #format()}.
     *
     * @param text the text
     * @return the snapshot
     */
    public static SchemaSnapshot parse(String text) {
        String dbms = null;
        SortedMap<String, String> objects = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(HEADER)) {
                dbms = line.substring(HEADER.length()).trim();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf(" = ");
                if (eq < 0) {
                    throw new IllegalArgumentException("not a schema snapshot line: " + line);
                }
                objects.put(line.substring(0, eq), line.substring(eq + 3));
            }
        }
        if (dbms == null) {
            throw new IllegalArgumentException("not a dbsteps schema snapshot: the header line is missing");
        }
        return new SchemaSnapshot(dbms, objects);
    }

    /** @return the snapshot as text: a header line, then one sorted {@code object = definition} line per object */
    public String format() {
        StringBuilder s = new StringBuilder(HEADER).append(dbms).append('\n');
        objects.forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
        return s.toString();
    }

    /** @return {@code postgresql} or {@code sqlite} */
    public String dbms() {
        return dbms;
    }

    /** @return every object with its definition, sorted */
    public SortedMap<String, String> objects() {
        return objects;
    }

    /**
     * A copy without the objects of tables whose name matches the pattern.
     *
     * @param tables a regular expression for table names, matched case-insensitively
     * @return the copy
     */
    public SchemaSnapshot withoutTables(String tables) {
        Pattern p = Pattern.compile(tables, Pattern.CASE_INSENSITIVE);
        SortedMap<String, String> kept = new TreeMap<>();
        objects.forEach((k, v) -> {
            if (!k.startsWith("table/") || !p.matcher(tableOf(k)).matches()) {
                kept.put(k, v);
            }
        });
        return new SchemaSnapshot(dbms, kept);
    }

    /**
     * Compares this snapshot, the expected one, with an actual one.
     *
     * @param actual the snapshot found
     * @return the differences, sorted by object; empty if the two are equal
     */
    public List<Drift> differencesTo(SchemaSnapshot actual) {
        List<Drift> out = new ArrayList<>();
        for (Map.Entry<String, String> e : objects.entrySet()) {
            String found = actual.objects.get(e.getKey());
            if (found == null) {
                out.add(new Drift(Drift.Kind.MISSING, e.getKey(), e.getValue(), null));
            } else if (!found.equals(e.getValue())) {
                out.add(new Drift(Drift.Kind.CHANGED, e.getKey(), e.getValue(), found));
            }
        }
        actual.objects.forEach((k, v) -> {
            if (!objects.containsKey(k)) {
                out.add(new Drift(Drift.Kind.EXTRA, k, null, v));
            }
        });
        out.sort((a, b) -> a.object().compareTo(b.object()));
        return out;
    }

    private static String tableOf(String key) {
        int end = key.indexOf('/', "table/".length());
        return key.substring("table/".length(), end < 0 ? key.length() : end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaSnapshot s && s.dbms.equals(dbms) && s.objects.equals(objects);
    }

    @Override
    public int hashCode() {
        return dbms.hashCode() * 31 + objects.hashCode();
    }

    @Override
    public String toString() {
        return "SchemaSnapshot[" + dbms + ", " + objects.size() + " objects]";
    }
}
