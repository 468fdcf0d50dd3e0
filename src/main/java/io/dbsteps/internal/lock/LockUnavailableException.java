package io.dbsteps.internal.lock;


/**
 * The lock could not be taken for a reason other than another holder: its lock file cannot be created or opened
 * (permissions, a read-only directory), or the database is not one dbsteps can lock. Waiting would not help.
 * Under Liquibase it travels as the cause of Liquibase's lock exception. This class must not use Liquibase.
 */
public final class LockUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public LockUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
