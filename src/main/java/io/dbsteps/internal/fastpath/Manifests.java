package io.dbsteps.internal.fastpath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.ChecksumVersion;
import liquibase.Contexts;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * Builds the {@link ChangelogManifest} of a changelog: its changesets, in order, with the checksums Liquibase records
 * for them. The build tool {@code io.dbsteps.ManifestWriter} writes the result into the jar; a full update learns it
 * for a changelog that ships none.
 */
public final class Manifests {
    /** The databases a manifest is written for. */
    public static final List<String> DATABASES = List.of("postgresql", "sqlite");

    private Manifests() {
    }

    /**
     * The manifest of these changesets, in order, with the checksums Liquibase records for them; the database they
     * are for must be in Liquibase's scope.
     */
    public static ChangelogManifest of(List<ChangeSet> changeSets) {
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
    public static ChangelogManifest manifest(ClassLoader loader, String changelog, String dbms) throws Exception {
        return manifest(loader, changelog, dbms, List.of(), Map.of());
    }

    /** The manifest of a changelog on a database, as Liquibase parses it there with these contexts and parameters. */
    public static ChangelogManifest manifest(ClassLoader loader, String changelog, String dbms, List<String> contexts,
            Map<String, String> parameters) throws Exception {
        return withApplicable(loader, changelog, dbms, contexts, parameters, null, (database, applied) -> of(applied));
    }

    /** What is made of a changelog's applicable changesets, with the offline database they are for in scope. */
    public interface OfApplicable<T> {
        T of(Database database, List<ChangeSet> applicable) throws Exception;
    }

    /**
     * Parses a changelog as Liquibase does on an offline database of this kind with these contexts and parameters,
     * and hands its applicable changesets, in order, to {@code work}, inside a scope that holds that database.
     *
     * @param defaultSchema the default schema the offline database names objects with, or null for Liquibase's
     */
    public static <T> T withApplicable(ClassLoader loader, String changelog, String dbms, List<String> contexts,
            Map<String, String> parameters, String defaultSchema, OfApplicable<T> work) throws Exception {
        ResourceAccessor resources = new ClassLoaderResourceAccessor(loader);
        Map<String, Object> scope = new HashMap<>();
        scope.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        scope.put(Scope.Attr.resourceAccessor.name(), resources);
        scope.put(Scope.Attr.classLoader.name(), loader);
        return Scope.child(scope, () -> {
            Database database = DatabaseFactory.getInstance().openDatabase("offline:" + dbms, null, null, null,
                    resources);
            if (defaultSchema != null) {
                database.setDefaultSchemaName(defaultSchema);
            }
            ChangeLogParameters given = new ChangeLogParameters(database);
            given.setContexts(new Contexts(contexts.toArray(String[]::new)));
            parameters.forEach(given::set);
            DatabaseChangeLog log = ChangeLogParserFactory.getInstance().getParser(changelog, resources)
                    .parse(changelog, given, resources);
            // Liquibase's checksum counts only the dbms-targeted changes of the database in its scope.
            return Scope.child(Map.<String, Object>of(Scope.Attr.database.name(), database), () -> {
                DbmsChangeSetFilter dbmsFilter = new DbmsChangeSetFilter(database);
                IgnoreChangeSetFilter ignored = new IgnoreChangeSetFilter();
                ContextChangeSetFilter inContexts = new ContextChangeSetFilter(given.getContexts());
                List<ChangeSet> applied = new ArrayList<>();
                for (ChangeSet cs : log.getChangeSets()) {
                    if (dbmsFilter.accepts(cs).isAccepted() && ignored.accepts(cs).isAccepted()
                            && inContexts.accepts(cs).isAccepted()) {
                        applied.add(cs);
                    }
                }
                return work.of(database, applied);
            });
        });
    }
}
