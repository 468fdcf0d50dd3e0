package io.dbsteps.ext;

import java.util.regex.Pattern;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;

/**
 * A precondition on a changelog parameter that must hold a bcrypt hash, or nothing. It fails when the value is set
 * but is not a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, a two-digit cost from 04 to 31, and 53
 * characters of bcrypt's base-64 alphabet), so that a plain password passed by mistake never reaches the database.
 * The message names the parameter and never shows its value.
 *
 * <pre>
 * - preConditions:
 *     - onFail: HALT
 *     - customPrecondition:
 *         className: io.dbsteps.ext.BcryptHashParameter
 *         params:
 *           - param: {name: parameter, value: educare_admin_password_hash}
 *           - param: {name: value, value: "${educare_admin_password_hash}"}
 * </pre>
 * An empty value passes. A value that is still the literal {@code ${name}} (the parameter is not defined at all)
 * fails: the changelog that defines its default was not used.
 */
public class BcryptHashParameter implements CustomPrecondition {
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private String parameter = "the parameter";
    private String value;

    /** @param parameter the parameter's name, for the message */
    public void setParameter(String parameter) {
        this.parameter = parameter;
    }

    /** @param value the parameter's value: empty, or a bcrypt hash */
    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (value.startsWith("${")) {
            throw new CustomPreconditionFailedException("The changelog parameter " + parameter + " is not defined. Run "
                    + "the schema's master changelog, which gives it its default.");
        }
        if (!BCRYPT.matcher(value).matches()) {
            throw new CustomPreconditionFailedException("The changelog parameter " + parameter + " is set but is not a "
                    + "bcrypt hash ($2a$, $2b$ or $2y$, a cost from 04 to 31, 60 characters in all). Pass the hash of "
                    + "the password, never the password itself, or leave the parameter empty.");
        }
    }
}
