package io.dbsteps.internal.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Normalises SQL text read from a catalog, so that formatting and quoting do not count as differences. */
public final class SqlText {
    private static final Pattern CHECK = Pattern.compile("(?:CONSTRAINT ([^ (]+) )?CHECK\\(");

    private SqlText() {
    }

    /**
     * Upper-cases and folds white space outside string literals, drops identifier quotes, and removes the spaces
     * next to parentheses and commas. String literals are kept exactly.
     */
    public static String normalize(String sql) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                while (end < sql.length()) {
                    if (sql.charAt(end) == '\'') {
                        if (end + 1 < sql.length() && sql.charAt(end + 1) == '\'') {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                flushSpace(out, space, c);
                space = false;
                out.append(sql, i, Math.min(end + 1, sql.length()));
                i = end;
            } else if (c == '"' || c == '`' || c == '[' || c == ']') {
                continue;
            } else if (Character.isWhitespace(c)) {
                space = true;
            } else {
                flushSpace(out, space, c);
                space = false;
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString().trim();
    }

    private static void flushSpace(StringBuilder out, boolean space, char next) {
        if (!space || out.length() == 0) {
            return;
        }
        char prev = out.charAt(out.length() - 1);
        if (prev == '(' || prev == ',' || next == ')' || next == ',' || next == '(') {
            return;
        }
        out.append(' ');
    }

    /** A CHECK constraint: its name, or {@code null}, and its expression with the parentheses. */
    public record Check(String name, String expression) {
    }

    /** The CHECK constraints in a normalised CREATE TABLE statement. */
    public static List<Check> checks(String normalizedCreate) {
        List<Check> out = new ArrayList<>();
        Matcher m = CHECK.matcher(normalizedCreate);
        int from = 0;
        while (m.find(from)) {
            int open = m.end() - 1;
            int depth = 0;
            int i = open;
            for (; i < normalizedCreate.length(); i++) {
                char c = normalizedCreate.charAt(i);
                if (c == '\'') {
                    i = normalizedCreate.indexOf('\'', i + 1);
                    if (i < 0) {
                        i = normalizedCreate.length() - 1;
                    }
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    break;
                }
            }
            String expr = normalizedCreate.substring(open, Math.min(i + 1, normalizedCreate.length()));
            out.add(new Check(m.group(1), expr));
            from = i + 1;
        }
        return out;
    }
}
