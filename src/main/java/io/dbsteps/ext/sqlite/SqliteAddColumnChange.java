package io.dbsteps.ext.sqlite;

import java.util.Arrays;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.DropColumnChange;
import liquibase.database.Database;

/**
 * Liquibase's addColumn, whose automatic rollback uses {@link SqliteDropColumnChange} instead of Liquibase's
 * dropColumn (which Liquibase creates directly, so that the registered replacement would not be used). Everything
 * else is Liquibase's; the name and properties are the same, so a changeset's checksum is the same.
 */
@DatabaseChange(name = "addColumn", priority = ChangeMetaData.PRIORITY_DEFAULT + 1, appliesTo = "table",
        description = "Adds a new column to an existing table")
public class SqliteAddColumnChange extends AddColumnChange {

    /** Creates the change; Liquibase does this when it parses a changelog. */
    public SqliteAddColumnChange() {
    }

    /**
     * The same databases as Liquibase's change. Declared here because Liquibase warns about (or, with
     * {@code liquibase.supportsMethodValidationLevel=FAIL}, refuses) a replacement change that does not declare it.
     */
    @Override
    public boolean supports(Database database) {
        return super.supports(database);
    }

    @Override
    protected Change[] createInverses() {
        return Arrays.stream(super.createInverses())
                .map(c -> c instanceof DropColumnChange d ? SqliteDropColumnChange.of(d) : c)
                .toArray(Change[]::new);
    }
}
