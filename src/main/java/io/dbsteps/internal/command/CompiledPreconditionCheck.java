package io.dbsteps.internal.command;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;

/**
 * Evaluates a compiled changeset's preconditions (as {@code CompiledPreconditions} writes them) with JDBC alone. It
 * answers only what it can answer exactly as Liquibase would: that they pass. Anything else (they fail, whatever
 * their onFail says; a name whose case Liquibase might fold otherwise; an object of another kind under that name; an
 * sqlCheck that returns other than one row) is {@link Result#UNSURE}, and the changeset goes to Liquibase, which
 * evaluates them itself. This class must not use Liquibase.
 */
final class CompiledPreconditionCheck {
    enum Result { PASS, FAIL, UNSURE }

    private static final String SIMPLE = "[a-z_][a-z0-9_]*";

    private final Connection c;
    private final boolean postgres;

    CompiledPreconditionCheck(Connection c, boolean postgres) {
        this.c = c;
        this.postgres = postgres;
    }

    /**
     * Whether the changeset may run: true only when its preconditions surely pass (or it has none). A query that
     * fails makes the answer false; on PostgreSQL it aborts the transaction, which the caller then rolls back.
     */
    boolean passes(String compiled) {
        if (compiled == null) {
            return true;
        }
        Deque<String> words = new ArrayDeque<>(Arrays.asList(compiled.split(" ")));
        words.poll(); // onFail and onError: every answer but PASS goes to Liquibase, which applies them
        words.poll();
        try {
            Result r = next(words);
            return r == Result.PASS && words.isEmpty();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private Result next(Deque<String> w) throws SQLException {
        String op = w.poll();
        if (op == null) {
            return Result.UNSURE;
        }
        switch (op) {
            case "and", "or", "not" -> {
                int n = Integer.parseInt(w.poll());
                Result[] parts = new Result[n];
                for (int i = 0; i < n; i++) {
                    parts[i] = next(w);
                }
                return combine(op, parts);
            }
            case "dbms" -> {
                return dbms(arg(w));
            }
            case "tableExists" -> {
                return table(arg(w));
            }
            case "columnExists" -> {
                return column(arg(w), arg(w));
            }
            case "indexExists" -> {
                String table = arg(w);
                return index("-".equals(table) ? null : table, arg(w));
            }
            case "sqlCheck" -> {
                String expected = arg(w);
                return sqlCheck(expected, arg(w));
            }
            default -> {
                return Result.UNSURE;
            }
        }
    }

    /** and: all pass; or: any passes; not: none of its parts passes (Liquibase's not fails if any part passes). */
    private static Result combine(String op, Result[] parts) {
        boolean unsure = Arrays.asList(parts).contains(Result.UNSURE);
        boolean anyPass = Arrays.asList(parts).contains(Result.PASS);
        boolean anyFail = Arrays.asList(parts).contains(Result.FAIL);
        return switch (op) {
            case "and" -> anyFail ? Result.FAIL : unsure ? Result.UNSURE : Result.PASS;
            case "or" -> anyPass ? Result.PASS : unsure ? Result.UNSURE : Result.FAIL;
            default -> anyPass ? Result.FAIL : unsure ? Result.UNSURE : Result.PASS;
        };
    }

    private static String arg(Deque<String> w) {
        String s = w.poll();
        return s == null ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A list of database short names, each possibly negated with "!"; anything else is for Liquibase to read. */
    private Result dbms(String types) {
        String me = postgres ? "postgresql" : "sqlite";
        boolean anyPositive = false;
        boolean matched = false;
        for (String raw : types.split(",")) {
            String t = raw.trim().toLowerCase(Locale.ROOT);
            if (!t.replace("!", "").matches("[a-z0-9]+") || t.equals("all") || t.equals("none")) {
                return Result.UNSURE;
            }
            if (t.startsWith("!")) {
                if (t.substring(1).equals(me)) {
                    return Result.FAIL;
                }
            } else {
                anyPositive = true;
                matched |= t.equals(me);
            }
        }
        return !anyPositive || matched ? Result.PASS : Result.FAIL;
    }

    /**
     * A table of that exact name in the schema the changesets run in. A name that is not plain lower case, or
     * another object (a view, an index, a table differing only in case on SQLite) under it, is left to Liquibase.
     */
    private Result table(String name) throws SQLException {
        if (name == null || !name.matches(SIMPLE)) {
            return Result.UNSURE;
        }
        String kind = postgres
                ? one("SELECT c.relkind::text FROM pg_catalog.pg_class c WHERE c.relnamespace = "
                        + "current_schema()::regnamespace AND c.relname = ?", name)
                : one("SELECT type || ':' || name FROM sqlite_master WHERE lower(name) = ?", name);
        if (kind == null) {
            return Result.FAIL;
        }
        return postgres ? (kind.equals("r") || kind.equals("p") ? Result.PASS : Result.UNSURE)
                : (kind.equals("table:" + name) ? Result.PASS : Result.UNSURE);
    }

    private Result column(String table, String column) throws SQLException {
        Result t = table(table);
        if (t != Result.PASS || column == null || !column.matches(SIMPLE)) {
            return t == Result.FAIL ? Result.FAIL : Result.UNSURE;
        }
        if (postgres) {
            return one("SELECT a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = "
                    + "a.attrelid WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ? "
                    + "AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped", table, column) != null
                    ? Result.PASS : Result.FAIL;
        }
        String found = one("SELECT name FROM pragma_table_info(?) WHERE lower(name) = ?", table, column);
        return found == null ? Result.FAIL : found.equals(column) ? Result.PASS : Result.UNSURE;
    }

    /** An index of that exact name, on that table if one is named; one that backs a constraint is for Liquibase. */
    private Result index(String table, String name) throws SQLException {
        if (name == null || !name.matches(SIMPLE) || table != null && !table.matches(SIMPLE)) {
            return Result.UNSURE;
        }
        if (postgres) {
            String on = one("SELECT t.relname || ':' || (EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE "
                    + "k.conindid = i.oid))::text FROM pg_catalog.pg_class i JOIN pg_catalog.pg_index x ON "
                    + "x.indexrelid = i.oid JOIN pg_catalog.pg_class t ON t.oid = x.indrelid WHERE i.relnamespace = "
                    + "current_schema()::regnamespace AND i.relname = ?", name);
            if (on == null) {
                return Result.FAIL;
            }
            if (on.endsWith(":true")) {
                return Result.UNSURE;
            }
            return table == null || on.equals(table + ":false") ? Result.PASS : Result.UNSURE;
        }
        String on = one("SELECT name || ':' || tbl_name FROM sqlite_master WHERE type = 'index' AND lower(name) = ?",
                name);
        if (on == null) {
            return Result.FAIL;
        }
        return on.equals(name + ":" + (table == null ? on.substring(on.indexOf(':') + 1) : table))
                && !name.startsWith("sqlite_autoindex_") ? Result.PASS : Result.UNSURE;
    }

    /** Liquibase reads one value of one row as text and compares it exactly; more or fewer rows are its to judge. */
    private Result sqlCheck(String expected, String sql) throws SQLException {
        if (expected == null || sql == null) {
            return Result.UNSURE;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.replaceFirst(";$", ""));
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Result.UNSURE;
            }
            String value = rs.getString(1);
            if (rs.next()) {
                return Result.UNSURE;
            }
            return expected.equals(value) ? Result.PASS : Result.UNSURE;
        }
    }

    private String one(String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
