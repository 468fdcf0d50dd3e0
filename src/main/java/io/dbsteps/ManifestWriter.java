package io.dbsteps;

import io.dbsteps.internal.config.ShippedSchemas;
import io.dbsteps.internal.fastpath.ChangelogCompiler;
import io.dbsteps.internal.fastpath.ChangelogManifest;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import io.dbsteps.internal.fastpath.Manifests;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@link ChangelogManifest} and the {@link CompiledChangelog} of every shipped schema, for PostgreSQL and
 * SQLite, into the build's class folder. The build runs it after compiling ({@code process-classes}), so the manifests in the jar always match
 * its changelogs; a test checks them against the checksums Liquibase records.
 */
final class ManifestWriter {
    private ManifestWriter() {
    }

    /**
     * Writes the manifests of the shipped schemas; or, given changelog paths, of those changelogs, which is how a host
     * gives its own changelog the fast path from the first call of a JVM (README, "Your own changelog").
     *
     * @param args the class folder holding the changelogs (and {@code dbsteps/schemas.txt}), then optionally the
     *             classpath paths of the changelogs to write manifests for, and the configuration the host runs them
     *             with: {@code --contexts=a,b} and {@code -Pname=value} (repeatable), as given to dbsteps. A manifest
     *             is per configuration; without these it is the default one's.
     */
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        List<String> changelogs = new ArrayList<>();
        List<String> contexts = new ArrayList<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String arg : List.of(args).subList(1, args.length)) {
            if (arg.startsWith("--contexts=")) {
                for (String c : arg.substring("--contexts=".length()).split(",")) {
                    if (!c.isBlank()) {
                        contexts.add(c.trim());
                    }
                }
            } else if (arg.startsWith("-P") && arg.indexOf('=') > 2) {
                parameters.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                changelogs.add(arg);
            }
        }
        if (changelogs.isEmpty()) {
            for (String line : Files.readAllLines(classes.resolve(ShippedSchemas.INDEX), StandardCharsets.UTF_8)) {
                String schema = line.trim();
                if (!schema.isEmpty() && !schema.startsWith("#")) {
                    changelogs.add("dbsteps/" + schema + "/changelog.yaml");
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ManifestWriter.class.getClassLoader())) {
            for (String changelog : changelogs) {
                for (String dbms : Manifests.DATABASES) {
                    Path file = classes.resolve(ChangelogManifest.path(changelog, dbms, contexts, parameters));
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, Manifests.manifest(loader, changelog, dbms, contexts, parameters).format());
                    Files.writeString(classes.resolve(CompiledChangelog.path(changelog, dbms, contexts, parameters)),
                            ChangelogCompiler.compile(loader, changelog, dbms, contexts, parameters).format());
                }
            }
        }
    }
}
