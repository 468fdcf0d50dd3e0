package io.dbsteps.internal.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQLite SQL text into tokens, keeping each token's place in the text so that an edit can replace exactly
 * the tokens it changes and keep everything else as written. It knows words, quoted names ({@code "x"},
 * {@code [x]}, {@code `x`}), string literals, numbers, comments (skipped) and single punctuation characters.
 * Used by the SQLite change generators in {@code io.dbsteps.ext.sqlite} and by rollback planning, which reads rebuild SQL with it.
 */
public final class SqlTokens {
    /** The kind of a token. */
    public enum Kind {
        /** A bare word: a keyword or an unquoted name. */
        WORD,
        /** A quoted name. */
        QUOTED,
        /** A string literal or blob. */
        STRING,
        /** A number. */
        NUMBER,
        /** One punctuation character. */
        PUNCT
    }

    /**
     * One token.
     *
     * @param kind  what it is
     * @param text  its text as written
     * @param start its first character in the SQL
     * @param end   the character after it
     * @param depth how many parentheses enclose it
     */
    public record Token(Kind kind, String text, int start, int end, int depth) {
        /**
         * @param word a keyword
         * @return true if this is the bare word {@code word}, ignoring case
         */
        public boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        /**
         * @param c a punctuation character
         * @return true if this is the punctuation character {@code c}
         */
        public boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.charAt(0) == c;
        }

        /** @return the name this token spells, unquoted and lower-cased, or null if it is not a name */
        public String name() {
            if (kind == Kind.WORD) {
                return text.toLowerCase(Locale.ROOT);
            }
            if (kind == Kind.QUOTED) {
                String inner = text.substring(1, text.length() - 1);
                if (text.charAt(0) == '"') {
                    inner = inner.replace("\"\"", "\"");
                } else if (text.charAt(0) == '`') {
                    inner = inner.replace("``", "`");
                }
                return inner.toLowerCase(Locale.ROOT);
            }
            return null;
        }
    }

    private SqlTokens() {
    }

    /**
     * @param sql SQL text
     * @return its tokens, in order, without white space and comments
     */
    public static List<Token> of(String sql) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closing(sql, i, c);
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, sql.substring(i, end), i, end, depth));
                i = end;
            } else if (c == '[') {
                int close = sql.indexOf(']', i + 1);
                int end = close < 0 ? n : close + 1;
                out.add(new Token(Kind.QUOTED, sql.substring(i, end), i, end, depth));
                i = end;
            } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                int end = closing(sql, i + 1, '\'');
                out.add(new Token(Kind.STRING, sql.substring(i, end), i, end, depth));
                i = end;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.'
                        || ((sql.charAt(end) == '+' || sql.charAt(end) == '-')
                        && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E')))) {
                    end++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(i, end), i, end, depth));
                i = end;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                out.add(new Token(Kind.WORD, sql.substring(i, end), i, end, depth));
                i = end;
            } else {
                if (c == ')') {
                    depth = Math.max(0, depth - 1);
                }
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i, i + 1, depth));
                if (c == '(') {
                    depth++;
                }
                i++;
            }
        }
        return out;
    }

    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /**
     * @param tokens tokens
     * @param name   a name, unquoted, any case
     * @return true if any token spells the name
     */
    public static boolean mentions(List<Token> tokens, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return tokens.stream().anyMatch(t -> wanted.equals(t.name()));
    }

    /**
     * @param name a table, column or constraint name
     * @return the name as a double-quoted SQLite identifier
     */
    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
