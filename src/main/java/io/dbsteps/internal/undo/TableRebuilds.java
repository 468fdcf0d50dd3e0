package io.dbsteps.internal.undo;

import io.dbsteps.internal.jdbc.SqlTokens;
import io.dbsteps.internal.jdbc.SqlTokens.Token;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells a table rebuild from a drop. A rebuild copies every row of a table into another one
 * ({@code INSERT INTO t_new (...) SELECT ... FROM t}, with no WHERE, join or limit), then drops the original (and
 * usually renames the copy onto its name). It removes no rows: only the columns the copy leaves out lose their
 * values. A drop that no such copy precedes removes the whole table. This class must not use Liquibase.
 */
final class TableRebuilds {
    private static final Set<String> AFTER_SOURCE = Set.of("where", "join", "inner", "left", "right", "full",
            "cross", "natural", "group", "order", "limit", "union", "except", "intersect", "window", "having");

    /** A full-row copy: its target table, its source table, and the source columns it copies (all, if null). */
    public record Copy(String target, String source, Set<String> columns) {
    }

    private TableRebuilds() {
    }

    /**
     * @param sql       the statements of one rollback, in order
     * @param dropAt    the index of a statement that drops {@code table}
     * @param table     the dropped table, unquoted, lower case
     * @param columnsOf the columns a table has now (lower case), or null if that cannot be read
     * @return empty if the drop removes the whole table; otherwise the columns whose values it removes, which is
     *         none for a rebuild that copies every column
     */
    public static Optional<List<String>> lostColumns(List<String> sql, int dropAt, String table,
                                              Function<String, List<String>> columnsOf) {
        List<Copy> copies = new ArrayList<>();
        for (int i = 0; i < dropAt; i++) {
            Copy copy = copy(sql.get(i));
            if (copy != null && copy.source().equals(table) && !copy.target().equals(table)
                    && !droppedAfter(sql, dropAt, copy.target())) {
                copies.add(copy);
            }
        }
        if (copies.isEmpty()) {
            return Optional.empty();
        }
        if (copies.stream().anyMatch(c -> c.columns() == null)) {
            return Optional.of(List.of());
        }
        List<String> columns = columnsOf.apply(table);
        if (columns == null) {
            return Optional.empty(); // cannot tell which columns the copy leaves out: count the whole table
        }
        Set<String> kept = new HashSet<>();
        copies.forEach(c -> kept.addAll(c.columns()));
        return Optional.of(columns.stream().filter(c -> !kept.contains(c.toLowerCase(Locale.ROOT))).toList());
    }

    private static boolean droppedAfter(List<String> sql, int from, String table) {
        for (int i = from + 1; i < sql.size(); i++) {
            List<Token> t = SqlTokens.of(sql.get(i));
            if (t.size() >= 3 && t.get(0).is("drop") && t.get(1).is("table")) {
                Token name = t.get(2).is("if") && t.size() >= 5 ? t.get(4) : t.get(2);
                if (table.equals(name.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads {@code INSERT INTO target [(...)] SELECT items FROM source [alias]}; null if the text is not one. */
    public static Copy copy(String text) {
        List<Token> t = SqlTokens.of(text);
        while (!t.isEmpty() && t.get(t.size() - 1).isPunct(';')) {
            t = t.subList(0, t.size() - 1);
        }
        if (t.isEmpty() || !(t.get(0).is("insert") || t.get(0).is("replace"))) {
            return null;
        }
        int i = 1;
        while (i < t.size() && !t.get(i).is("into")) {
            i++;
        }
        int[] at = {i + 1};
        String target = name(t, at);
        if (target == null) {
            return null;
        }
        i = at[0];
        if (i < t.size() && t.get(i).isPunct('(')) {
            i = closing(t, i) + 1;
        }
        if (i >= t.size() || !t.get(i).is("select")) {
            return null;
        }
        i++;
        if (i < t.size() && (t.get(i).is("distinct") || t.get(i).is("all"))) {
            i++;
        }
        int from = i;
        while (from < t.size() && !(t.get(from).is("from") && t.get(from).depth() == 0)) {
            from++;
        }
        at[0] = from + 1;
        String source = name(t, at);
        if (source == null) {
            return null;
        }
        int rest = at[0];
        String alias = null;
        if (rest < t.size() && t.get(rest).is("as")) {
            rest++;
        }
        if (rest < t.size() && t.get(rest).name() != null && !AFTER_SOURCE.contains(t.get(rest).name())) {
            alias = t.get(rest).name();
            rest++;
        }
        if (rest < t.size()) {
            return null; // WHERE, a join, a limit...: not every row is copied
        }
        Set<String> columns = new HashSet<>();
        int start = i;
        for (int j = i; j <= from; j++) {
            if (j == from || (t.get(j).isPunct(',') && t.get(j).depth() == 0)) {
                List<Token> item = t.subList(start, j);
                if (everyColumn(item, source, alias)) {
                    return new Copy(target, source, null);
                }
                String column = plainColumn(item, source, alias);
                if (column != null) {
                    columns.add(column);
                }
                start = j + 1;
            }
        }
        return new Copy(target, source, columns);
    }

    private static boolean everyColumn(List<Token> item, String source, String alias) {
        if (item.size() == 1 && item.get(0).isPunct('*')) {
            return true;
        }
        return item.size() == 3 && item.get(2).isPunct('*') && item.get(1).isPunct('.')
                && qualifies(item.get(0), source, alias);
    }

    /** The source column an item copies as it is ({@code c}, {@code s.c}, with an optional alias), or null. */
    private static String plainColumn(List<Token> item, String source, String alias) {
        int n = item.size();
        if (n >= 3 && item.get(n - 2).is("as")) {
            n -= 2;
        } else if (n == 2 || (n == 4 && item.get(1).isPunct('.'))) {
            n -= 1; // a bare alias after the column
        }
        if (n == 1 && item.get(0).kind() != SqlTokens.Kind.STRING && item.get(0).name() != null) {
            return item.get(0).name();
        }
        if (n == 3 && item.get(1).isPunct('.') && qualifies(item.get(0), source, alias)) {
            return item.get(2).name();
        }
        return null;
    }

    private static boolean qualifies(Token qualifier, String source, String alias) {
        String q = qualifier.name();
        return q != null && (q.equals(source) || q.equals(alias));
    }

    /** Reads a table name, with an optional schema before it, at {@code at[0]}, and moves past it. */
    private static String name(List<Token> t, int[] at) {
        int i = at[0];
        if (i >= t.size() || t.get(i).name() == null) {
            return null;
        }
        if (i + 2 < t.size() && t.get(i + 1).isPunct('.') && t.get(i + 2).name() != null) {
            i += 2;
        }
        at[0] = i + 1;
        return t.get(i).name();
    }

    private static int closing(List<Token> t, int open) {
        int depth = t.get(open).depth();
        for (int i = open + 1; i < t.size(); i++) {
            if (t.get(i).isPunct(')') && t.get(i).depth() == depth) {
                return i;
            }
        }
        return t.size() - 1;
    }

    /**
     * The columns a table has now (lower case), read on the connection; null if there is no such table or they cannot
     * be read.
     *
     * @param postgres true to look in the connection's schema, as PostgreSQL names tables
     */
    public static Function<String, List<String>> liveColumns(Connection c, boolean postgres) {
        return table -> {
            if (c == null) {
                return null;
            }
            try {
                String schema = postgres ? c.getSchema() : null;
                String escape = c.getMetaData().getSearchStringEscape();
                for (String candidate : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
                    List<String> out = new ArrayList<>();
                    String pattern = escape == null ? candidate
                            : candidate.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
                    try (ResultSet rs = c.getMetaData().getColumns(null, schema, pattern, null)) {
                        while (rs.next()) {
                            out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                    if (!out.isEmpty()) {
                        return out;
                    }
                }
                return null;
            } catch (SQLException e) {
                return null;
            }
        };
    }
}
