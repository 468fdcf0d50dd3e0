package io.dbsteps.ext;

import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.core.json.JsonChangeLogParser;
import liquibase.resource.ResourceAccessor;

/** Liquibase's JSON changelog parser within the same bounds as {@link BoundedYamlChangeLogParser}. */
public class BoundedJsonChangeLogParser extends JsonChangeLogParser {
    @Override
    public int getPriority() {
        return super.getPriority() + 10;
    }

    @Override
    public DatabaseChangeLog parse(String path, ChangeLogParameters parameters, ResourceAccessor resources)
            throws ChangeLogParseException {
        return BoundedYamlChangeLogParser.bounded(path, resources, () -> super.parse(path, parameters, resources));
    }
}
