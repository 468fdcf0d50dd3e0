package io.dbsteps.internal.lock;

import liquibase.exception.LockException;

/**
 * The lock could not be taken for a reason other than another holder: its lock file cannot be created or opened
 * (permissions, a read-only directory), or the database is not one dbsteps can lock. Waiting would not help.
 */
public final class LockUnavailableException extends LockException {
    private static final long serialVersionUID = 1L;

    public LockUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
