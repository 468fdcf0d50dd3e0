package io.dbsteps.ext;

import io.dbsteps.internal.config.ChangelogInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.core.yaml.YamlChangeLogParser;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * Liquibase's YAML changelog parser, within dbsteps' bounds ({@link ChangelogInput}): a file too large, nested too
 * deeply, whose aliases expand too far, or included too deeply is refused before Liquibase builds anything from it.
 * Liquibase finds it through its service registry and prefers it to its own; plain Liquibase clients with the
 * dbsteps jar on their class path get the same bounds.
 */
public class BoundedYamlChangeLogParser extends YamlChangeLogParser {
    @Override
    public int getPriority() {
        return super.getPriority() + 10;
    }

    @Override
    public DatabaseChangeLog parse(String path, ChangeLogParameters parameters, ResourceAccessor resources)
            throws ChangeLogParseException {
        return bounded(path, resources, () -> super.parse(path, parameters, resources));
    }

    static DatabaseChangeLog bounded(String path, ResourceAccessor resources,
            ChangelogInput.Parse<DatabaseChangeLog, ChangeLogParseException> parse) throws ChangeLogParseException {
        try {
            ChangelogInput.checkYaml(path, () -> open(path, resources));
            return ChangelogInput.included(path, parse);
        } catch (ChangelogInput.Refused e) {
            throw new ChangeLogParseException(e.getMessage());
        }
    }

    private static InputStream open(String path, ResourceAccessor resources) {
        try {
            Resource r = resources.get(path);
            return r.exists() ? r.openInputStream() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
