package io.dbsteps.proof;

import io.dbsteps.SchemaSnapshot;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must match between a PostgreSQL and a SQLite database at the same point of a changelog: the tables, their
 * columns with nullability, and the foreign keys, all in lower case. Types, defaults and constraint texts are spelled
 * differently by the two databases and are left out; a change that silently does nothing on one of them shows.
 */
final class SchemaShape {
    private static final Pattern FK = Pattern.compile("^\\(([^)]*)\\) REFERENCES ([^(]+)\\(([^)]*)\\)");

    private SchemaShape() {
    }

    static SortedSet<String> of(SchemaSnapshot snapshot) {
        SortedSet<String> out = new TreeSet<>();
        snapshot.objects().forEach((key, definition) -> {
            String[] parts = key.split("/", 4);
            if (!parts[0].equals("table")) {
                return;
            }
            String table = parts[1].toLowerCase();
            if (parts.length == 2) {
                out.add("table " + table);
            } else if (parts[2].equals("column") && parts.length == 4) {
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
