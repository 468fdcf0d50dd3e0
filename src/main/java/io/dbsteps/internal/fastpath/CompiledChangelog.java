package io.dbsteps.internal.fastpath;

import io.dbsteps.internal.undo.Drop;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A changelog compiled for one database and configuration at build time: for each changeset, in order, the SQL
 * Liquibase runs for it, the rollback SQL dbsteps stores for it, and every value of the history row Liquibase writes
 * for it except those only the run knows (DATEEXECUTED, ORDEREXECUTED, DEPLOYMENT_ID). A changeset whose run depends on
 * more than its text (a precondition, Java code, a snapshot of the live schema, ...) is listed with the reason it is
 * not plain, and has no SQL. It is a text resource beside the changelog, {@code <changelog>.compiled.<dbms>.txt}
 * (configurations other than the default add the hash {@link ChangelogManifest#path} uses); {@code ChangelogCompiler}
 * builds it and {@code io.dbsteps.ManifestWriter} writes it into the jar. This class must not use Liquibase.
 *
 * <p>On PostgreSQL, Liquibase names objects with the connection's schema; the compiled SQL holds
 * {@link #SCHEMA_PLACEHOLDER} there, which {@link #inSchema} replaces with the schema it runs in.
 */
public final class CompiledChangelog {
    public static final String HEADER = "# dbsteps compiled changelog, format 1";
    /** The schema name the SQL is compiled with on PostgreSQL; a changelog that uses it compiles nothing as plain. */
    public static final String SCHEMA_PLACEHOLDER = "dbsteps_compiled_schema";
    /** The names the tracking tables' SQL is compiled with; {@link #withTables} puts the configured ones there. */
    public static final String LOG_PLACEHOLDER = "dbsteps_compiled_log";
    public static final String LOCK_PLACEHOLDER = "dbsteps_compiled_lock";

    /**
     * One changeset.
     *
     * @param notPlain    why it must run through Liquibase, or null when it is plain
     * @param sql         the statements Liquibase runs for it, in order (empty when not plain)
     * @param undo        the rollback SQL dbsteps stores for it, statements joined as the undo store joins them, or
     *                    null when the undo store keeps none (a rollback that runs Java code) or it is not plain for
     *                    a reason other than its preconditions (which a rollback does not check)
     * @param tag         the tag its history row carries (a {@code tagDatabase} change), or null
     * @param precondition its preconditions as {@code CompiledPreconditions} writes them, or null if it has none
     * @param rollback    what a rollback plan says of its undo, or null when {@code undo} is null
     * @param keepsTag    true if a {@code tagDatabase} change of it keeps its tag on rollback
     */
    public record Step(String id, String author, String file, String checksum, String description, String comments,
            String contexts, String labels, String tag, String notPlain, String precondition, List<String> sql,
            String undo, Rollback rollback, boolean keepsTag) {
        public Step {
            sql = List.copyOf(sql);
        }

        public boolean plain() {
            return notPlain == null;
        }
    }

    /**
     * What a rollback plan says of a changeset's undo, as dbsteps' renderer works it out from the changeset.
     *
     * @param opaque true if part of the undo is raw SQL, whose effect is known only by reading it
     * @param drops  the tables (column null) and columns its structured changes drop, in order
     * @param raw    the undo statements whose drops are read from their text and the live columns when the rollback
     *               is planned (a table rebuild drops only the columns its copy leaves out)
     */
    public record Rollback(boolean opaque, List<Drop> drops, List<String> raw) {
        public Rollback {
            drops = List.copyOf(drops);
            raw = List.copyOf(raw);
        }
    }

    /**
     * The SQL with which Liquibase creates its tracking tables on this database, with the placeholders' names.
     *
     * @param createLog  creates the history table
     * @param createLock creates the lock table
     * @param initLock   writes the lock table's one row
     */
    public record TrackingTables(List<String> createLog, List<String> createLock, List<String> initLock) {
        public TrackingTables {
            createLog = List.copyOf(createLog);
            createLock = List.copyOf(createLock);
            initLock = List.copyOf(initLock);
        }
    }

    /**
     * A file the changelog was compiled from (the changelog, an included file, an SQL file) and the SHA-256 of its
     * bytes: a changelog edited after its compiled form was written no longer runs from it.
     *
     * @param path the resource path, as the class loader finds it
     */
    public record Source(String path, String sha256) {
    }

    private final List<Source> sources;
    private final String liquibase;
    private final String dateFunction;
    private final TrackingTables tables;
    private final List<Step> steps;

    /**
     * @param liquibase    the build version of the Liquibase that compiled it: another version may generate other SQL
     *                     or other history values, so only that version runs it
     * @param dateFunction the SQL Liquibase writes for DATEEXECUTED on this database
     */
    public CompiledChangelog(List<Source> sources, String liquibase, String dateFunction, TrackingTables tables,
            List<Step> steps) {
        this.sources = List.copyOf(sources);
        this.liquibase = liquibase;
        this.dateFunction = dateFunction;
        this.tables = tables;
        this.steps = List.copyOf(steps);
    }

    public String liquibase() {
        return liquibase;
    }

    public List<Source> sources() {
        return sources;
    }

    private static final Map<CompiledChangelog, Boolean> CURRENT = java.util.Collections.synchronizedMap(
            new java.util.WeakHashMap<>());

    /**
     * Whether every file it was compiled from still has the bytes it had then, read through the loader once per JVM
     * (a jar's resources do not change while it runs).
     */
    public boolean current(ClassLoader loader) {
        return CURRENT.computeIfAbsent(this, k -> {
            if (sources.isEmpty()) {
                return false;
            }
            for (Source source : sources) {
                if (!source.sha256().equals(sha256(loader, source.path()))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The SHA-256 of a resource's bytes in hex, or "missing" if the loader has no such resource. */
    public static String sha256(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                return "missing";
            }
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(in.readAllBytes()));
        } catch (IOException e) {
            return "missing";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public TrackingTables tables() {
        return tables;
    }

    /** Compiled SQL with the configured tracking tables' names in the placeholders' places. */
    public static String withTables(String sql, String logTable, String lockTable) {
        return sql.replace(LOG_PLACEHOLDER, logTable).replace(LOCK_PLACEHOLDER, lockTable);
    }

    public String dateFunction() {
        return dateFunction;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The resource path of a changelog's compiled form, per database and configuration, beside its manifest. */
    public static String path(String changelogPath, String dbms, List<String> contexts, Map<String, String> parameters) {
        return ChangelogManifest.path(changelogPath, dbms, contexts, parameters).replace(".manifest.", ".compiled.");
    }

    /**
     * Compiled SQL for the schema it runs in: the placeholder becomes the schema's name, written as Liquibase writes
     * it. Only a name Liquibase leaves unquoted (lower case letters, digits and underscores, not starting with a
     * digit) is accepted; for any other the caller must run the changeset through Liquibase.
     *
     * @return the SQL, or empty when the schema's name is one Liquibase would quote
     */
    public static Optional<String> inSchema(String sql, String schema) {
        if (sql == null || !sql.contains(SCHEMA_PLACEHOLDER)) {
            return Optional.ofNullable(sql);
        }
        if (schema == null || !schema.matches("[a-z_][a-z0-9_]*")) {
            return Optional.empty();
        }
        return Optional.of(sql.replace(SCHEMA_PLACEHOLDER, schema));
    }

    private record Key(ClassLoader loader, String path) {
    }

    private static final Map<Key, Optional<CompiledChangelog>> READ = new ConcurrentHashMap<>();

    /** The compiled changelog shipped for a changelog, database and configuration, read once per JVM. */
    public static Optional<CompiledChangelog> shipped(ClassLoader loader, String changelogPath, String dbms,
            List<String> contexts, Map<String, String> parameters) {
        return READ.computeIfAbsent(new Key(loader, path(changelogPath, dbms, contexts, parameters)), k -> {
            try (InputStream in = loader.getResourceAsStream(k.path())) {
                return in == null ? Optional.empty()
                        : Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The text form: after the header, {@code date <function>}, then per changeset a line {@code step} followed by
     * {@code name value} lines ({@code sql} repeated, one per statement), values escaped so that each is one line; a
     * field that is absent is null.
     */
    public String format() {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        sources.forEach(src -> field(s, "source", src.sha256() + " " + src.path()));
        field(s, "liquibase", liquibase);
        field(s, "date", dateFunction);
        tables.createLog().forEach(sql -> field(s, "create-log", sql));
        tables.createLock().forEach(sql -> field(s, "create-lock", sql));
        tables.initLock().forEach(sql -> field(s, "init-lock", sql));
        for (Step step : steps) {
            s.append("step\n");
            field(s, "id", step.id());
            field(s, "author", step.author());
            field(s, "file", step.file());
            field(s, "checksum", step.checksum());
            field(s, "description", step.description());
            field(s, "comments", step.comments());
            field(s, "contexts", step.contexts());
            field(s, "labels", step.labels());
            field(s, "tag", step.tag());
            field(s, "not-plain", step.notPlain());
            field(s, "precondition", step.precondition());
            step.sql().forEach(sql -> field(s, "sql", sql));
            field(s, "undo", step.undo());
            if (step.rollback() != null) {
                field(s, "undo-opaque", String.valueOf(step.rollback().opaque()));
                step.rollback().drops().forEach(d -> field(s, "undo-drop",
                        d.table() + (d.column() == null ? "" : "\t" + d.column())));
                step.rollback().raw().forEach(sql -> field(s, "undo-raw", sql));
            }
            if (step.keepsTag()) {
                field(s, "keep-tag", "true");
            }
        }
        return s.toString();
    }

    private static void field(StringBuilder s, String name, String value) {
        if (value != null) {
            s.append(name).append(' ').append(escape(value)).append('\n');
        }
    }

    public static CompiledChangelog parse(String text) {
        String date = null;
        String liquibase = null;
        List<Source> sources = new ArrayList<>();
        Map<String, List<String>> tables = new java.util.HashMap<>();
        List<Step> steps = new ArrayList<>();
        Map<String, String> fields = null;
        List<String> sql = null;
        List<Drop> drops = null;
        List<String> raw = null;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("step")) {
                if (fields != null) {
                    steps.add(step(fields, sql, drops, raw));
                }
                fields = new java.util.HashMap<>();
                sql = new ArrayList<>();
                drops = new ArrayList<>();
                raw = new ArrayList<>();
                continue;
            }
            int space = line.indexOf(' ');
            String name = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : unescape(line.substring(space + 1));
            if (fields == null) {
                if (name.equals("date")) {
                    date = value;
                } else if (name.equals("liquibase")) {
                    liquibase = value;
                } else if (name.equals("source") && value.indexOf(' ') > 0) {
                    sources.add(new Source(value.substring(value.indexOf(' ') + 1), value.substring(0,
                            value.indexOf(' '))));
                } else {
                    tables.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            } else if (name.equals("sql")) {
                sql.add(value);
            } else if (name.equals("undo-raw")) {
                raw.add(value);
            } else if (name.equals("undo-drop")) {
                int tab = value.indexOf('\t');
                drops.add(tab < 0 ? new Drop(value, null) : new Drop(value.substring(0, tab), value.substring(tab + 1)));
            } else {
                fields.put(name, value);
            }
        }
        if (fields != null) {
            steps.add(step(fields, sql, drops, raw));
        }
        return new CompiledChangelog(sources, liquibase, date, new TrackingTables(tables.getOrDefault("create-log", List.of()),
                tables.getOrDefault("create-lock", List.of()), tables.getOrDefault("init-lock", List.of())), steps);
    }

    private static Step step(Map<String, String> f, List<String> sql, List<Drop> drops, List<String> raw) {
        Rollback rollback = f.containsKey("undo-opaque")
                ? new Rollback(Boolean.parseBoolean(f.get("undo-opaque")), drops, raw) : null;
        return new Step(f.get("id"), f.get("author"), f.get("file"), f.get("checksum"), f.get("description"),
                f.get("comments"), f.get("contexts"), f.get("labels"), f.get("tag"), f.get("not-plain"), f.get("precondition"), sql,
                f.get("undo"), rollback, "true".equals(f.get("keep-tag")));
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
