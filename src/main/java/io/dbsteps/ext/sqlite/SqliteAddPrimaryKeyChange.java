package io.dbsteps.ext.sqlite;

import java.util.Arrays;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.AddPrimaryKeyChange;
import liquibase.change.core.DropPrimaryKeyChange;
import liquibase.database.Database;

/**
 * Liquibase's addPrimaryKey, whose automatic rollback uses {@link SqliteDropPrimaryKeyChange} instead of
 * Liquibase's dropPrimaryKey (which Liquibase creates directly, so that the registered replacement would not be
 * used). Everything else is Liquibase's; the name and properties are the same, so a changeset's checksum is the same.
 */
@DatabaseChange(name = "addPrimaryKey", priority = ChangeMetaData.PRIORITY_DEFAULT + 1, appliesTo = "column",
        description = "Adds a primary key out of an existing column or set of columns.")
public class SqliteAddPrimaryKeyChange extends AddPrimaryKeyChange {

    /** Creates the change; Liquibase does this when it parses a changelog. */
    public SqliteAddPrimaryKeyChange() {
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
                .map(c -> c instanceof DropPrimaryKeyChange d ? SqliteDropPrimaryKeyChange.of(d) : c)
                .toArray(Change[]::new);
    }
}
