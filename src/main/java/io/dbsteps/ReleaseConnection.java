package io.dbsteps;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one connection a guarded release works on, from its first session to its last, so that the schema's lock it
 * takes before recording its intent stays held through the update, the health check and any rollback: no other
 * process can update or roll back in between. Every session of the release opens this connection without closing
 * it, and leaves the lock held until {@link #letGoOfLock()}; the session after that releases it.
 */
final class ReleaseConnection extends ConnectionSource implements AutoCloseable {
    private final ConnectionSource origin;
    private final Lease lease;
    private volatile boolean holding = true;

    ReleaseConnection(ConnectionSource origin) {
        super(origin.schema());
        this.origin = origin;
        this.lease = origin.open();
    }

    @Override
    Lease open() {
        try {
            return new Lease(lease.connection(), false);
        } catch (SQLException e) {
            throw Failures.connection(schema(), describe(), e, mask());
        }
    }

    Connection connection() {
        return lease.connection();
    }

    @Override
    String describe() {
        return origin.describe();
    }

    @Override
    SecretMask mask() {
        return origin.mask();
    }

    @Override
    boolean holdsLockAcrossSessions() {
        return holding;
    }

    /** The next session to end on this connection releases the lock. */
    void letGoOfLock() {
        holding = false;
    }

    /** Gives the connection back (closing it if dbsteps opened it); a session lock still held goes with it. */
    @Override
    public void close() {
        lease.close();
    }
}
