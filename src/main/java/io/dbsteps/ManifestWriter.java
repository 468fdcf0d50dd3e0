package io.dbsteps;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * Writes the {@link ChangelogManifest} of every shipped schema, for PostgreSQL and SQLite, into the build's class
 * folder. The build runs it after compiling ({@code process-classes}), so the manifests in the jar always match
 * its changelogs; a test checks them against the checksums Liquibase records.
 */
final class ManifestWriter {
    static final List<String> DATABASES = List.of("postgresql", "sqlite");

    private ManifestWriter() {
    }

    /**
     * Writes the manifests of the shipped schemas; or, given changelog paths, of those changelogs, which is how a host
     * gives its own changelog the fast path from the first call of a JVM (README, "Your own changelog").
     *
     * @param args the class folder holding the changelogs (and {@code dbsteps/schemas.txt}), then optionally the
     *             classpath paths of the changelogs to write manifests for
     */
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        List<String> changelogs = new ArrayList<>(List.of(args).subList(1, args.length));
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
                for (String dbms : DATABASES) {
                    Path file = classes.resolve(ChangelogManifest.path(changelog, dbms));
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, manifest(loader, changelog, dbms).format());
                }
            }
        }
    }

    /**
     * The manifest of these changesets, in order, with the checksums Liquibase records for them; the database they
     * are for must be in Liquibase's scope.
     */
    static ChangelogManifest of(List<ChangeSet> changeSets) {
        List<ChangelogManifest.Entry> entries = new ArrayList<>();
        boolean always = false;
        for (ChangeSet cs : changeSets) {
            entries.add(new ChangelogManifest.Entry(cs.getId(), cs.getAuthor(), cs.getStoredFilePath(),
                    cs.generateCheckSum(ChecksumVersion.latest()).toString()));
            always |= cs.isAlwaysRun() || cs.isRunOnChange();
        }
        return new ChangelogManifest(entries, always);
    }

    /** The manifest of a changelog on a database, as Liquibase parses it there with no contexts or parameters. */
    static ChangelogManifest manifest(ClassLoader loader, String changelog, String dbms) throws Exception {
        ResourceAccessor resources = new ClassLoaderResourceAccessor(loader);
        Map<String, Object> scope = new HashMap<>();
        scope.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        scope.put(Scope.Attr.resourceAccessor.name(), resources);
        scope.put(Scope.Attr.classLoader.name(), loader);
        return Scope.child(scope, () -> {
            Database database = DatabaseFactory.getInstance().openDatabase("offline:" + dbms, null, null, null,
                    resources);
            DatabaseChangeLog log = ChangeLogParserFactory.getInstance().getParser(changelog, resources)
                    .parse(changelog, new ChangeLogParameters(database), resources);
            // Liquibase's checksum counts only the dbms-targeted changes of the database in its scope.
            return Scope.child(Map.<String, Object>of(Scope.Attr.database.name(), database), () -> {
                DbmsChangeSetFilter dbmsFilter = new DbmsChangeSetFilter(database);
                IgnoreChangeSetFilter ignored = new IgnoreChangeSetFilter();
                List<ChangeSet> applied = new ArrayList<>();
                for (ChangeSet cs : log.getChangeSets()) {
                    if (dbmsFilter.accepts(cs).isAccepted() && ignored.accepts(cs).isAccepted()) {
                        applied.add(cs);
                    }
                }
                return of(applied);
            });
        });
    }
}
