package io.dbsteps.ext;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;
import liquibase.snapshot.SnapshotGeneratorFactory;
import liquibase.structure.core.Table;

/**
 * A precondition that fails when rows of a table would not fit a change: a narrower type, a new CHECK, a new
 * NOT NULL. Its message says which table, how many rows, and the key of one of them, so the rows can be fixed
 * before the change runs. Use it with {@code onFail: HALT} on the first changeset of a release, so that nothing of
 * the release runs while such rows exist.
 *
 * <pre>
 * preConditions:
 *   - onFail: HALT
 *   - customPrecondition:
 *       className: io.dbsteps.ext.RowsMustFit
 *       params:
 *         - param: {name: table, value: students}
 *         - param: {name: violation, value: "gpa &lt; 0 OR gpa &gt; 4"}
 *         - param: {name: key, value: id}
 *         - param: {name: rule, value: "gpa must fit NUMERIC(3,2) between 0 and 4"}
 * </pre>
 * A missing table passes: there are no rows to check.
 */
public class RowsMustFit implements CustomPrecondition {
    private String table;
    private String violation;
    private String key;
    private String rule;

    /** @param table the table whose rows are checked */
    public void setTable(String table) {
        this.table = table;
    }

    /** @param violation an SQL condition that is true for a row that would not fit */
    public void setViolation(String violation) {
        this.violation = violation;
    }

    /** @param key the column that identifies a row in the message */
    public void setKey(String key) {
        this.key = key;
    }

    /** @param rule what the rows must satisfy, in words, for the message */
    public void setRule(String rule) {
        this.rule = rule;
    }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        if (table == null || violation == null || key == null) {
            throw new CustomPreconditionErrorException("RowsMustFit needs the parameters table, violation and key");
        }
        try {
            if (!SnapshotGeneratorFactory.getInstance().has(new Table(null, null, table), database)) {
                return;
            }
            Connection c = JdbcConnections.of(database);
            String where = " FROM " + table + " WHERE " + violation;
            long count = 0;
            String example = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + where);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    count = rs.getLong(1);
                }
            }
            if (count == 0) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + key + where + " ORDER BY " + key);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    example = rs.getString(1);
                }
            }
            throw new CustomPreconditionFailedException(count + " row(s) of " + table + " do not satisfy: "
                    + (rule != null ? rule : "NOT (" + violation + ")") + " (for example " + key + " = " + example
                    + "). Fix or remove those rows, then run the update again; nothing of this release was applied.");
        } catch (CustomPreconditionFailedException e) {
            throw e;
        } catch (SQLException | liquibase.exception.DatabaseException | liquibase.snapshot.InvalidExampleException e) {
            throw new CustomPreconditionErrorException("RowsMustFit could not check " + table + ": " + e.getMessage(), e);
        }
    }
}
