package io.dbsteps.internal.liquibase;

import io.dbsteps.internal.config.ChangelogRef;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.failure.SecretMask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

/** The tags a changelog sets, in changelog order, read from the changelog alone (no database). */
public final class ChangelogTags {
    private ChangelogTags() {
    }

    /** The tags of a changelog's {@code tagDatabase} changesets, oldest first. */
    public static List<String> of(ChangelogRef changelog, ClassLoader loader) {
        ResourceAccessor resources = new ClassLoaderResourceAccessor(loader);
        Map<String, Object> scope = new HashMap<>();
        scope.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        scope.put(Scope.Attr.resourceAccessor.name(), resources);
        scope.put(Scope.Attr.classLoader.name(), loader);
        try {
            return Scope.child(scope, () -> {
                Database offline = DatabaseFactory.getInstance().openDatabase("offline:sqlite", null, null, null,
                        resources);
                DatabaseChangeLog log = ChangeLogParserFactory.getInstance().getParser(changelog.path(), resources)
                        .parse(changelog.path(), new ChangeLogParameters(offline), resources);
                List<String> tags = new ArrayList<>();
                for (ChangeSet cs : log.getChangeSets()) {
                    String tag = StepRecorder.tagOf(cs);
                    if (tag != null && !tags.contains(tag)) {
                        tags.add(tag);
                    }
                }
                return tags;
            });
        } catch (Exception e) {
            throw Failures.translate(e, changelog.name(), "reading the changelog's tags", null, SecretMask.NONE);
        }
    }
}
