package io.dbsteps.internal.undo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data raw rollback statements drop, read from their text: a {@code DROP TABLE} removes the table's rows, an
 * {@code ALTER TABLE ... DROP COLUMN} the column's values, and a table rebuild (every row copied into another table
 * first, {@link TableRebuilds}) only the columns its copy leaves out, which the table's live columns tell. This class
 * must not use Liquibase.
 */
public final class RawDrops {
    private static final Pattern DROP_TABLE =
            Pattern.compile("(?is)^\\s*DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\w.\"]+)");
    private static final Pattern DROP_COLUMN = Pattern.compile(
            "(?is)^\\s*ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\w.\"]+)\\s+DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?([\\w\"]+)");
    private static final Pattern COPIED_FROM =
            Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+.*?\\bSELECT\\b.*?\\bFROM\\s+([\\w.\"]+)");

    private RawDrops() {
    }

    /**
     * @param statements the statements of one rollback, in the order they run
     * @param c          the connection to the database, whose live columns say what a table rebuild's copy leaves out;
     *                   null when there is none (a rebuild whose copy names its columns then counts as dropping the
     *                   whole table)
     * @param postgres   true on PostgreSQL, whose tables are looked up in the connection's schema
     * @return what they drop, in order
     */
    public static List<Drop> of(List<String> statements, java.sql.Connection c, boolean postgres) {
        return of(statements, TableRebuilds.liveColumns(c, postgres));
    }

    private static List<Drop> of(List<String> statements, Function<String, List<String>> columnsOf) {
        List<Drop> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            List<Drop> found = new ArrayList<>();
            read(statements.get(i), found);
            for (Drop d : found) {
                Optional<List<String>> lost = d.column() != null ? Optional.empty()
                        : TableRebuilds.lostColumns(statements, i, d.table(), columnsOf);
                if (lost.isPresent()) {
                    lost.get().forEach(c -> out.add(new Drop(d.table(), c)));
                } else {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** Reads the table or column one raw statement drops, if any; a copy (INSERT ... SELECT) drops nothing. */
    static void read(String text, List<Drop> drops) {
        if (COPIED_FROM.matcher(text).find()) {
            return;
        }
        Matcher table = DROP_TABLE.matcher(text);
        if (table.find()) {
            drops.add(new Drop(unquote(table.group(1)), null));
            return;
        }
        Matcher column = DROP_COLUMN.matcher(text);
        if (column.find() && !column.group(2).equalsIgnoreCase("CONSTRAINT")) {
            drops.add(new Drop(unquote(column.group(1)), unquote(column.group(2))));
        }
    }

    private static String unquote(String name) {
        String n = name.replace("\"", "");
        int dot = n.lastIndexOf('.');
        return (dot >= 0 ? n.substring(dot + 1) : n).toLowerCase(Locale.ROOT);
    }
}
