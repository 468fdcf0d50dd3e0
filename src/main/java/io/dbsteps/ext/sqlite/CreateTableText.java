package io.dbsteps.ext.sqlite;

import io.dbsteps.internal.jdbc.SqlTokens;
import io.dbsteps.internal.jdbc.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The CREATE TABLE text of a SQLite table, as stored in {@code sqlite_master}, split into its column definitions and
 * table constraints so that one of them can be edited while every other character stays as written: declared types,
 * CHECK expressions, defaults, collations and constraint names are never regenerated.
 */
final class CreateTableText {
    private static final Set<String> COLUMN_CONSTRAINT_START = Set.of("constraint", "primary", "not", "null",
            "unique", "check", "default", "collate", "references", "generated", "as");
    private static final Set<String> TABLE_CONSTRAINT_START = Set.of("constraint", "primary", "unique", "check",
            "foreign");

    /** A clause of a column definition, such as {@code NOT NULL} or {@code CONSTRAINT x DEFAULT 0}. */
    record Clause(String name, String kind, String text) {
    }

    /** A column definition or a table constraint; {@code text} keeps its leading white space. */
    static final class Part {
        final boolean column;
        final String name;
        final String kind;
        final List<String> columns;
        final String lead;
        String text;
        String typeText;
        final String nameText;
        final List<Clause> clauses;
        final List<Token> tokens;

        private Part(boolean column, String name, String nameText, String kind, List<String> columns, String lead,
                     String text, String typeText, List<Clause> clauses, List<Token> tokens) {
            this.column = column;
            this.name = name;
            this.nameText = nameText;
            this.kind = kind;
            this.columns = columns;
            this.lead = lead;
            this.text = text;
            this.typeText = typeText;
            this.clauses = clauses;
            this.tokens = tokens;
        }

        /** Writes the column definition again from its name, type and clauses. */
        private void render() {
            StringBuilder b = new StringBuilder(lead).append(nameText);
            if (!typeText.isEmpty()) {
                b.append(' ').append(typeText);
            }
            clauses.forEach(c -> b.append(' ').append(c.text()));
            text = b.toString();
        }

        boolean mentions(String columnName) {
            return SqlTokens.mentions(tokens, columnName);
        }
    }

    private final String head;
    private final String tail;
    private final List<Part> parts;

    private CreateTableText(String head, String tail, List<Part> parts) {
        this.head = head;
        this.tail = tail;
        this.parts = parts;
    }

    /**
     * @param sql a CREATE TABLE statement with a column list
     * @return its parts
     * @throws IllegalArgumentException if it has no column list (CREATE TABLE ... AS SELECT)
     */
    static CreateTableText parse(String sql) {
        List<Token> tokens = SqlTokens.of(sql);
        int open = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct('(') && tokens.get(i).depth() == 0) {
                open = i;
                break;
            }
            if (tokens.get(i).is("as")) {
                break;
            }
        }
        if (open < 1) {
            throw new IllegalArgumentException("not a CREATE TABLE statement with a column list: " + sql);
        }
        int close = open + 1;
        while (close < tokens.size() && !(tokens.get(close).isPunct(')') && tokens.get(close).depth() == 0)) {
            close++;
        }
        if (close == tokens.size()) {
            throw new IllegalArgumentException("unbalanced parentheses in " + sql);
        }
        Token nameToken = tokens.get(open - 1);
        int nameStart = nameToken.start();
        if (open >= 3 && tokens.get(open - 2).isPunct('.')) {
            nameStart = tokens.get(open - 3).start(); // schema.table
        }
        String head = sql.substring(0, nameStart) + "\u0000" + sql.substring(nameToken.end(), tokens.get(open).end());
        List<Part> parts = new ArrayList<>();
        int from = open + 1;
        int textFrom = tokens.get(open).end();
        int lastFrom = textFrom;
        for (int i = open + 1; i <= close; i++) {
            Token t = tokens.get(i);
            if (i == close || (t.isPunct(',') && t.depth() == 1)) {
                parts.add(part(sql, tokens.subList(from, i), textFrom, t.start()));
                lastFrom = textFrom;
                from = i + 1;
                textFrom = t.end();
            }
        }
        String last = sql.substring(lastFrom, tokens.get(close).start());
        String trailing = last.substring(last.stripTrailing().length());
        return new CreateTableText(head, trailing + sql.substring(tokens.get(close).start()), parts);
    }

    private static Part part(String sql, List<Token> tokens, int textStart, int textEnd) {
        String text = sql.substring(textStart, textEnd).stripTrailing();
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        Token first = tokens.get(0);
        if (TABLE_CONSTRAINT_START.contains(first.text().toLowerCase(Locale.ROOT)) && first.kind() == SqlTokens.Kind.WORD) {
            boolean named = first.is("constraint");
            String name = named ? tokens.get(1).name() : null;
            Token kindToken = tokens.get(named ? 2 : 0);
            return new Part(false, name, null, kindToken.text().toLowerCase(Locale.ROOT), listedColumns(tokens), lead,
                    text, null, List.of(), List.copyOf(tokens));
        }
        int typeEnd = 1;
        while (typeEnd < tokens.size() && !clauseStarts(tokens, typeEnd)) {
            typeEnd++;
        }
        String typeText = typeEnd > 1 ? sql.substring(tokens.get(1).start(), tokens.get(typeEnd - 1).end()) : "";
        List<Clause> clauses = new ArrayList<>();
        int start = typeEnd;
        for (int i = typeEnd + 1; i <= tokens.size(); i++) {
            boolean named = tokens.get(start).is("constraint");
            if (i == tokens.size() || (clauseStarts(tokens, i) && !(named && i <= start + 2))) {
                int kindAt = named ? start + 2 : start;
                String kind = kindAt < i ? tokens.get(kindAt).text().toLowerCase(Locale.ROOT) : "constraint";
                clauses.add(new Clause(named ? tokens.get(start + 1).name() : null, kind,
                        sql.substring(tokens.get(start).start(), tokens.get(i - 1).end())));
                start = i;
            }
        }
        return new Part(true, first.name(), first.text(), null, List.of(), lead, text, typeText, clauses,
                List.copyOf(tokens));
    }

    /** True if a column-definition clause starts at token {@code i} (at the top level of the definition). */
    private static boolean clauseStarts(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (t.depth() != 1 || t.kind() != SqlTokens.Kind.WORD
                || !COLUMN_CONSTRAINT_START.contains(t.text().toLowerCase(Locale.ROOT))) {
            return false;
        }
        Token prev = tokens.get(i - 1);
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if ((t.is("null") && (prev.is("not") || prev.is("set") || prev.is("default")))
                || (t.is("not") && next != null && next.is("deferrable"))
                || (t.is("default") && prev.is("set"))
                || (t.is("as") && prev.is("always"))) {
            return false;
        }
        return true;
    }

    /** The names listed in the first parenthesised group of a table constraint. */
    private static List<String> listedColumns(List<Token> tokens) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct('(')) {
                int depth = tokens.get(i).depth() + 1;
                for (int j = i + 1; j < tokens.size() && !(tokens.get(j).isPunct(')') && tokens.get(j).depth() == depth - 1); j++) {
                    Token t = tokens.get(j);
                    Token prev = tokens.get(j - 1);
                    if (t.depth() == depth && t.name() != null && (prev.isPunct('(') || prev.isPunct(','))) {
                        out.add(t.name());
                    }
                }
                return out;
            }
        }
        return out;
    }

    /** @return the column definitions and table constraints, in order */
    List<Part> parts() {
        return parts;
    }

    /** @return the column definitions, in order */
    List<Part> columns() {
        return parts.stream().filter(p -> p.column).toList();
    }

    /** @return the column definition of {@code name}, or null */
    Part column(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return parts.stream().filter(p -> p.column && wanted.equals(p.name)).findFirst().orElse(null);
    }

    /** @return the table constraints, in order */
    List<Part> tableConstraints() {
        return parts.stream().filter(p -> !p.column).toList();
    }

    /** Removes a column and the table constraints that name it, as PostgreSQL's DROP COLUMN does. */
    void dropColumn(String name) {
        Part column = column(name);
        parts.remove(column);
        parts.removeIf(p -> !p.column && p.mentions(name));
    }

    /**
     * Adds a column definition.
     *
     * @param definition the definition, without leading white space
     * @param before     the column it goes before, or null for after the last column
     */
    void addColumn(String definition, String before) {
        Part parsed = parse("CREATE TABLE x (" + definition + ")").parts.get(0);
        Part part = new Part(true, parsed.name, parsed.nameText, null, List.of(), leadOfNew(), leadOfNew() + definition,
                parsed.typeText, parsed.clauses, parsed.tokens);
        int at = -1;
        if (before != null) {
            Part b = column(before);
            at = b == null ? -1 : parts.indexOf(b);
        }
        if (at < 0) {
            List<Part> cols = columns();
            at = cols.isEmpty() ? 0 : parts.indexOf(cols.get(cols.size() - 1)) + 1;
        }
        parts.add(at, part);
    }

    /** Adds a table constraint after the last part. */
    void addTableConstraint(String definition) {
        Part parsed = parse("CREATE TABLE x (c, " + definition + ")").parts.get(1);
        parts.add(new Part(false, parsed.name, null, parsed.kind, parsed.columns, leadOfNew(),
                leadOfNew() + definition, null, List.of(), parsed.tokens));
    }

    private String leadOfNew() {
        if (parts.size() > 1) {
            String lead = parts.get(parts.size() - 1).lead;
            return lead.isEmpty() ? " " : lead;
        }
        return " ";
    }

    /** Replaces the declared type of a column. */
    void setType(String column, String type) {
        Part p = column(column);
        p.typeText = type;
        p.render();
    }

    /** Removes the clauses of a column that match, and returns how many it removed. */
    int removeClauses(String column, Predicate<Clause> which) {
        Part p = column(column);
        int before = p.clauses.size();
        p.clauses.removeIf(which);
        if (p.clauses.size() != before) {
            p.render();
        }
        return before - p.clauses.size();
    }

    /** Adds a clause to a column definition, after its other clauses. */
    void addClause(String column, String kind, String text) {
        Part p = column(column);
        p.clauses.add(new Clause(null, kind, text));
        p.render();
    }

    /** Removes the table constraints that match, and returns how many it removed. */
    int removeTableConstraints(Predicate<Part> which) {
        int before = parts.size();
        parts.removeIf(p -> !p.column && which.test(p));
        return before - parts.size();
    }

    /** @return the statement, with the table named {@code tableName} (quoted) */
    String render(String tableName) {
        StringBuilder b = new StringBuilder(head.replace("\u0000", SqlTokens.quote(tableName)));
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(parts.get(i).text);
        }
        return b.append(tail).toString();
    }
}
