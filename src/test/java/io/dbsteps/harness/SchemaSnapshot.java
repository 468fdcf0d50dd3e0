package io.dbsteps.harness;

import java.sql.Connection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The harness's view of a schema at one moment: dbsteps' canonical {@link io.dbsteps.SchemaSnapshot} (the same
 * form the drift check uses), without the tables the target excludes.
 */
public final class SchemaSnapshot {
    private static final Pattern FK = Pattern.compile("^\\(([^)]*)\\) REFERENCES ([^(]+)\\(([^)]*)\\)");

    private final io.dbsteps.SchemaSnapshot snapshot;

    private SchemaSnapshot(io.dbsteps.SchemaSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * Takes a snapshot through an observer connection.
     *
     * @param excluded a regular expression for table names to leave out
     */
    public static SchemaSnapshot take(Connection observer, String excluded) {
        return new SchemaSnapshot(io.dbsteps.SchemaSnapshot.of(observer).withoutTables(excluded));
    }

    public io.dbsteps.SchemaSnapshot canonical() {
        return snapshot;
    }

    /** Compares this snapshot (the expected one) with another: one readable line per difference, none if equal. */
    public List<String> differencesTo(SchemaSnapshot actual) {
        return snapshot.differencesTo(actual.snapshot).stream().map(Object::toString).toList();
    }

    /** Table names, the columns of each with their nullability, and the foreign keys: what must match across databases. */
    public SortedSet<String> shape() {
        SortedSet<String> out = new TreeSet<>();
        snapshot.objects().forEach((key, definition) -> {
            String[] parts = key.split("/", 4);
            if (!parts[0].equals("table")) {
                return;
            }
            String table = parts[1].toLowerCase();
            if (parts.length == 2) {
                out.add("table " + table);
            } else if (parts[2].equals("column")) {
                out.add("column " + table + "." + parts[3].toLowerCase()
                        + (definition.contains(" NOT NULL") ? " NOT NULL" : ""));
            } else if (parts[2].equals("foreign-key")) {
                Matcher m = FK.matcher(definition);
                if (m.find()) {
                    out.add("fk " + table + "(" + m.group(1).toLowerCase() + ") -> " + m.group(2).toLowerCase().trim()
                            + "(" + m.group(3).toLowerCase() + ")");
                }
            }
        });
        return out;
    }
}
