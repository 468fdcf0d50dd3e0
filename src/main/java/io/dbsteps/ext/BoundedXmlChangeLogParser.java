package io.dbsteps.ext;

import io.dbsteps.internal.config.ChangelogInput;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.core.xml.XMLChangeLogSAXParser;
import liquibase.resource.ResourceAccessor;

/**
 * Liquibase's XML changelog parser, within dbsteps' include depth ({@link ChangelogInput}); the XML parser's own
 * entity-expansion limits bound each file.
 */
public class BoundedXmlChangeLogParser extends XMLChangeLogSAXParser {
    @Override
    public int getPriority() {
        return super.getPriority() + 10;
    }

    @Override
    public DatabaseChangeLog parse(String path, ChangeLogParameters parameters, ResourceAccessor resources)
            throws ChangeLogParseException {
        try {
            return ChangelogInput.included(path, () -> super.parse(path, parameters, resources));
        } catch (ChangelogInput.Refused e) {
            throw new ChangeLogParseException(e.getMessage());
        }
    }
}
