package io.dbsteps.internal.ownership;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.serializer.LiquibaseSerializable;

/**
 * The text of a changeset's changes (every attribute: table names, column definitions, raw SQL, a custom change's
 * parameters), and the table names that occur in it as whole identifiers. A change can only touch a table it names, so
 * a table whose name occurs nowhere in a step is out of its reach; a name that occurs is treated as touched, which
 * may refuse a step that only mentions a table, never miss one that changes it.
 */
public final class ChangeText {
    private ChangeText() {
    }

    public static String of(List<? extends Change> changes) {
        StringBuilder out = new StringBuilder();
        for (Change ch : changes) {
            append(out, ch, 0);
            if (ch instanceof RawSQLChange raw) {
                out.append(' ').append(raw.getSql());
            }
            if (ch instanceof CustomChangeWrapper custom) {
                out.append(' ').append(custom.getClassName());
                for (String param : custom.getParams()) {
                    out.append(' ').append(custom.getParamValue(param));
                }
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, int depth) {
        if (value == null || depth > 6) {
            return;
        }
        if (value instanceof LiquibaseSerializable s) {
            for (String field : s.getSerializableFields()) {
                try {
                    append(out, s.getSerializableFieldValue(field), depth + 1);
                } catch (RuntimeException ignored) {
                    // a field Liquibase cannot read without a database adds nothing to the text
                }
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> append(out, v, depth + 1));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> append(out, v, depth + 1));
        } else {
            out.append(' ').append(value);
        }
    }

    /** The names from {@code tables} that occur in the text as identifiers, case-insensitively, quoted or not. */
    public static Set<String> tablesNamed(String text, Set<String> tables) {
        Set<String> out = new TreeSet<>();
        if (tables.isEmpty()) {
            return out;
        }
        StringBuilder alternatives = new StringBuilder();
        for (String t : tables) {
            alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(t));
        }
        Matcher m = Pattern.compile("(?i)(?<![\\w$])(" + alternatives + ")(?![\\w$])").matcher(text);
        while (m.find()) {
            for (String t : tables) {
                if (t.equalsIgnoreCase(m.group(1))) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
