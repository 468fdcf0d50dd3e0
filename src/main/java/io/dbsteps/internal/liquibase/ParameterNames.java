package io.dbsteps.internal.liquibase;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.resource.ResourceAccessor;

/**
 * A changelog parameter the changelog never uses is refused: Liquibase would ignore it without a word, and a
 * mistyped name (the hash of an admin password, a batch size) would leave the changelog's default in place. The names
 * a changelog uses are the {@code ${name}} references in its files (the changelog, the files it includes, and their
 * {@code sqlFile}s) and the properties it declares.
 */
final class ParameterNames {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}\\s]+)}");
    /** A property the changelog declares (XML, YAML or JSON), which a host may set even where nothing uses it. */
    private static final Pattern DECLARED = Pattern.compile("(?s)property\\W{0,40}?name\\W{1,5}([\\w.-]+)");

    private ParameterNames() {
    }

    /**
     * Throws INVALID_CONFIGURATION naming each given parameter the changelog does not use, and the ones it does. When
     * a file of the changelog cannot be read back, nothing is refused.
     */
    static void refuseUnused(Map<String, String> given, DatabaseChangeLog changeLog, ResourceAccessor resources,
            String schema) {
        if (given.isEmpty()) {
            return;
        }
        Set<String> used = used(changeLog, resources);
        if (used == null) {
            return;
        }
        Set<String> unused = new TreeSet<>(given.keySet());
        unused.removeAll(used);
        if (unused.isEmpty()) {
            return;
        }
        throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Schema " + schema + ": the changelog uses no "
                + "parameter named " + String.join(", ", unused) + ", so " + (unused.size() == 1 ? "it" : "they")
                + " would be ignored; nothing was changed. "
                + (used.isEmpty() ? "The changelog uses no parameters." : "Its parameters are: "
                + String.join(", ", new TreeSet<>(used)) + ".")
                + " Check the name (-P NAME=VALUE in the CLI, parameter(name, value) in the API).");
    }

    /** The parameter names the changelog's files reference, or null if one of them cannot be read. */
    private static Set<String> used(DatabaseChangeLog changeLog, ResourceAccessor resources) {
        Set<String> files = new LinkedHashSet<>();
        files.add(changeLog.getPhysicalFilePath());
        Set<String> names = new TreeSet<>();
        try {
            for (ChangeSet cs : changeLog.getChangeSets()) {
                for (DatabaseChangeLog log = cs.getChangeLog(); log != null; log = log.getParentChangeLog()) {
                    files.add(log.getPhysicalFilePath());
                }
                for (Change change : cs.getChanges()) {
                    if (change instanceof SQLFileChange sqlFile) {
                        try (InputStream in = sqlFile.openSqlStream()) {
                            if (in != null) {
                                collect(new String(in.readAllBytes(), StandardCharsets.UTF_8), names);
                            }
                        }
                    }
                }
            }
            for (String file : files) {
                if (file == null) {
                    return null;
                }
                try (InputStream in = resources.getExisting(file).openInputStream()) {
                    collect(new String(in.readAllBytes(), StandardCharsets.UTF_8), names);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return names;
    }

    private static void collect(String text, Set<String> names) {
        for (Pattern p : new Pattern[] {REFERENCE, DECLARED}) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
    }
}
