package io.dbsteps.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL script as Liquibase writes it ({@code updateSql}, {@code rollbackSql}), cut into statements and grouped
 * into one transaction per changeset: a {@code -- Changeset ...} or {@code -- Rolling Back ChangeSet: ...} comment
 * starts a new group, as does the lock bookkeeping around them. Quotes, dollar quotes, comments and SQLite trigger
 * bodies are kept whole.
 */
final class SqlScript {
    /** The statements of one transaction. */
    record Group(String title, List<String> statements) {
        boolean needsAutoCommit() {
            return statements.stream().anyMatch(s -> s.toUpperCase(Locale.ROOT).contains(" CONCURRENTLY "));
        }
    }

    private SqlScript() {
    }

    static List<Group> parse(String script) {
        List<Group> groups = new ArrayList<>();
        String title = "preamble";
        List<String> current = new ArrayList<>();
        StringBuilder stmt = new StringBuilder();
        int i = 0;
        int n = script.length();
        boolean trigger = false;
        int depth = 0; // BEGIN ... END nesting inside a trigger body
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                String comment = script.substring(i + 2, end).trim();
                if (stmt.toString().isBlank() && startsGroup(comment)) {
                    if (!current.isEmpty()) {
                        groups.add(new Group(title, current));
                    }
                    current = new ArrayList<>();
                    title = comment;
                }
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                stmt.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (script.charAt(end) == c) {
                        if (end + 1 < n && script.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(n, end + 1);
                stmt.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '$') {
                int close = script.indexOf('$', i + 1);
                if (close > 0 && script.substring(i + 1, close).matches("[A-Za-z_]*")) {
                    String tag = script.substring(i, close + 1);
                    int end = script.indexOf(tag, close + 1);
                    end = end < 0 ? n : end + tag.length();
                    stmt.append(script, i, end);
                    i = end;
                    continue;
                }
            }
            if (Character.isLetter(c) && (i == 0 || !Character.isLetterOrDigit(script.charAt(i - 1)))) {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(script.charAt(end)) || script.charAt(end) == '_')) {
                    end++;
                }
                String word = script.substring(i, end).toUpperCase(Locale.ROOT);
                if (word.equals("TRIGGER") && stmt.toString().trim().toUpperCase(Locale.ROOT).startsWith("CREATE")) {
                    trigger = true;
                } else if (trigger && (word.equals("BEGIN") || word.equals("CASE"))) {
                    depth++;
                } else if (trigger && word.equals("END")) {
                    depth--;
                }
                stmt.append(script, i, end);
                i = end;
                continue;
            }
            if (c == ';' && depth <= 0) {
                String s = stmt.toString().trim();
                if (!s.isEmpty()) {
                    current.add(s);
                }
                stmt.setLength(0);
                trigger = false;
                depth = 0;
                i++;
                continue;
            }
            stmt.append(c);
            i++;
        }
        String s = stmt.toString().trim();
        if (!s.isEmpty()) {
            current.add(s);
        }
        if (!current.isEmpty()) {
            groups.add(new Group(title, current));
        }
        return groups;
    }

    private static boolean startsGroup(String comment) {
        String c = comment.toLowerCase(Locale.ROOT);
        return c.startsWith("changeset ") || c.startsWith("rolling back changeset") || c.startsWith("rolling back ")
                || c.startsWith("release database lock") || c.startsWith("lock database")
                || c.startsWith("create database") || c.startsWith("initialize database");
    }
}
