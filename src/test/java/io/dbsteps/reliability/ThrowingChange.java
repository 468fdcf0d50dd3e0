package io.dbsteps.reliability;

import liquibase.change.custom.CustomSqlChange;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.SqlStatement;

/** A custom change that cannot produce its SQL, so that it fails even where nothing runs: in an SQL preview. */
public class ThrowingChange implements CustomSqlChange {
    @Override
    public SqlStatement[] generateStatements(Database database) throws CustomChangeException {
        throw new CustomChangeException("this change cannot produce its SQL (a test change that always fails)");
    }

    @Override
    public String getConfirmationMessage() {
        return "never";
    }

    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
