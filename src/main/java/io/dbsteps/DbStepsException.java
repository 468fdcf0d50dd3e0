package io.dbsteps;

/**
 * The one exception dbsteps throws. Its message says what happened, names the schema and, where relevant, the
 * changeset or tag, and says what to do. It never contains a password.
 */
public final class DbStepsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The stable code of this failure. */
    private final ErrorCode code;

    /**
     * Creates an exception.
     *
     * @param code    what went wrong
     * @param message what happened and what to do, already free of secrets
     * @param cause   the underlying failure, or {@code null}
     */
    public DbStepsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * Creates an exception without a cause.
     *
     * @param code    what went wrong
     * @param message what happened and what to do, already free of secrets
     */
    public DbStepsException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** @return the stable code of this failure */
    public ErrorCode code() {
        return code;
    }
}
