package io.dbsteps.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The changelog conventions of DESIGN.md, checked mechanically. {@link #releaseFile} checks one release file,
 * {@link #master} a schema's master changelog; each returns one line per violation, naming the file, the
 * changeset and the rule.
 */
public final class ChangelogConventions {
    /** Change types that create, drop, add or rename something, and so need a MARK_RAN precondition. */
    private static final Set<String> STRUCTURAL = Set.of("createTable", "dropTable", "renameTable", "addColumn",
            "dropColumn", "renameColumn", "createIndex", "dropIndex", "addForeignKeyConstraint",
            "dropForeignKeyConstraint", "addUniqueConstraint", "dropUniqueConstraint", "addPrimaryKey",
            "dropPrimaryKey", "createView", "dropView", "renameView", "createSequence", "dropSequence",
            "addCheckConstraint", "dropCheckConstraint");
    /** Raw SQL that creates, drops, adds or renames something. */
    private static final Pattern STRUCTURAL_SQL = Pattern.compile("(?is)\\b(CREATE|DROP)\\s+(UNIQUE\\s+)?"
            + "(TABLE|INDEX|VIEW|TYPE|SEQUENCE|TRIGGER|FUNCTION)\\b|\\bALTER\\s+(TABLE|TYPE)\\s+\\S+\\s+"
            + "(ADD|DROP|RENAME)\\b");
    private static final Pattern ID_OR_AUTHOR = Pattern.compile("^\\s*(-\\s+)?(id|author):\\s*(.*)$");

    private ChangelogConventions() {
    }

    /** Checks a release file {@code changelogs/<schema>/<release>.yaml}. */
    @SuppressWarnings("unchecked")
    public static List<String> releaseFile(Path file, String schema) {
        String release = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        String where = schema + "/" + file.getFileName();
        List<String> out = new ArrayList<>();
        String text = read(file);
        quoting(text, where, out);
        List<Object> items = items(text, where, out);
        if (items == null) {
            return out;
        }
        logicalFilePath(items, "dbsteps/" + schema + "/" + file.getFileName(), where, out);
        List<Map<String, Object>> changeSets = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && m.containsKey("changeSet")) {
                changeSets.add((Map<String, Object>) m.get("changeSet"));
            } else if (item instanceof Map<?, ?> m && m.containsKey("include")) {
                out.add(where + ": release files do not include other files; list every file in changelog.yaml");
            }
        }
        if (changeSets.isEmpty()) {
            out.add(where + ": has no changesets");
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < changeSets.size(); i++) {
            Map<String, Object> cs = changeSets.get(i);
            String id = String.valueOf(cs.get("id"));
            String at = where + " changeset " + id;
            if (!ids.add(id)) {
                out.add(at + ": the id is used twice in this file");
            }
            if (!id.startsWith(release + "-")) {
                out.add(at + ": ids in " + file.getFileName() + " start with '" + release + "-'");
            }
            if (isBlank(cs.get("comment"))) {
                out.add(at + ": has no comment; say what it does and why");
            }
            List<Map<String, Object>> changes = (List<Map<String, Object>>) cs.getOrDefault("changes", List.of());
            boolean tag = changes.stream().anyMatch(c -> c.containsKey("tagDatabase"));
            boolean last = i == changeSets.size() - 1;
            if (tag) {
                if (!last) {
                    out.add(at + ": tagDatabase only ends a release; it must be the last changeset of the file");
                }
                Map<String, Object> t = (Map<String, Object>) changes.get(0).get("tagDatabase");
                if (changes.size() != 1 || t == null || !release.equals(String.valueOf(t.get("tag")))) {
                    out.add(at + ": the tag changeset holds one tagDatabase whose tag is the release name '" + release + "'");
                }
                if (t != null && !Boolean.TRUE.equals(t.get("keepTagOnRollback"))) {
                    out.add(at + ": tagDatabase needs keepTagOnRollback: true, so a rollback to the tag keeps it");
                }
                continue;
            }
            if (last) {
                out.add(at + ": the release must end with its tagDatabase changeset (tag '" + release + "')");
            }
            if (changes.isEmpty()) {
                out.add(at + ": has no changes");
            }
            Object rollback = cs.get("rollback");
            if (rollback == null || (rollback instanceof List<?> l && l.isEmpty()) || isBlank(rollback)) {
                out.add(at + ": has no rollback block; every changeset says how it is undone");
            }
            boolean structural = changes.stream().anyMatch(ChangelogConventions::isStructural);
            boolean noTransaction = Boolean.FALSE.equals(cs.get("runInTransaction"));
            if ((structural || noTransaction) && !marksRan(cs.get("preConditions"))) {
                out.add(at + ": " + (structural ? "creates, drops, adds or renames" : "runs outside a transaction")
                        + " and needs preConditions with onFail: MARK_RAN, so a database changed by hand converges");
            }
        }
        return out;
    }

    /** Checks {@code changelogs/<schema>/changelog.yaml} against the release files in the folder. */
    @SuppressWarnings("unchecked")
    public static List<String> master(Path folder, String schema) {
        Path file = folder.resolve("changelog.yaml");
        String where = schema + "/changelog.yaml";
        List<String> out = new ArrayList<>();
        if (!Files.exists(file)) {
            out.add(where + ": is missing; every schema has a master changelog.yaml");
            return out;
        }
        String text = read(file);
        List<Object> items = items(text, where, out);
        if (items == null) {
            return out;
        }
        logicalFilePath(items, "dbsteps/" + schema + "/changelog.yaml", where, out);
        List<String> included = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && m.containsKey("includeAll")) {
                out.add(where + ": includeAll is not allowed; include every release file by explicit path");
            }
            if (item instanceof Map<?, ?> m && m.containsKey("changeSet")) {
                out.add(where + ": the master holds no changesets; put them in a release file");
            }
            if (item instanceof Map<?, ?> m && m.get("include") instanceof Map<?, ?> inc) {
                String path = String.valueOf(inc.get("file"));
                String prefix = "dbsteps/" + schema + "/";
                if (!path.startsWith(prefix) || Boolean.TRUE.equals(inc.get("relativeToChangelogFile"))) {
                    out.add(where + ": includes " + path + "; use the classpath path " + prefix + "<release>.yaml");
                } else if (!Files.exists(folder.resolve(path.substring(prefix.length())))) {
                    out.add(where + ": includes " + path + ", which does not exist");
                }
                included.add(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        try (var files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.equals("changelog.yaml") && !included.contains(name)) {
                    out.add(where + ": does not include " + name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (included.size() != new HashSet<>(included).size()) {
            out.add(where + ": includes a file twice");
        }
        return out;
    }

    private static void quoting(String text, String where, List<String> out) {
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            Matcher m = ID_OR_AUTHOR.matcher(lines[n]);
            if (m.matches()) {
                String value = m.group(3).trim();
                if (!(value.startsWith("\"") && value.endsWith("\"") && value.length() > 2)) {
                    out.add(where + " line " + (n + 1) + ": " + m.group(2) + " " + value + " must be a quoted string"
                            + " (YAML turns an unquoted 1.10 into 1.1 and yes into true)");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> items(String text, String where, List<String> out) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            out.add(where + ": is not valid YAML: " + e.getMessage());
            return null;
        }
        if (!(root instanceof Map<?, ?> m) || !(m.get("databaseChangeLog") instanceof List<?> list)) {
            out.add(where + ": must be a databaseChangeLog list");
            return null;
        }
        return (List<Object>) list;
    }

    private static void logicalFilePath(List<Object> items, String expected, String where, List<String> out) {
        Object first = items.isEmpty() ? null : items.get(0);
        if (!(first instanceof Map<?, ?> m) || !expected.equals(m.get("logicalFilePath"))) {
            out.add(where + ": the first item must be logicalFilePath: " + expected);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean isStructural(Map<String, Object> change) {
        for (var e : change.entrySet()) {
            if (STRUCTURAL.contains(e.getKey())) {
                return true;
            }
            if ((e.getKey().equals("sql") || e.getKey().equals("sqlFile")) && e.getValue() instanceof Map<?, ?> m) {
                Object sql = ((Map<String, Object>) m).get("sql");
                if (sql != null && STRUCTURAL_SQL.matcher(sql.toString()).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean marksRan(Object preconditions) {
        if (!(preconditions instanceof List<?> list)) {
            return false;
        }
        return list.stream().anyMatch(p -> p instanceof Map<?, ?> m && "MARK_RAN".equals(m.get("onFail")))
                && list.size() > 1;
    }

    private static boolean isBlank(Object o) {
        return o == null || o.toString().isBlank();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
