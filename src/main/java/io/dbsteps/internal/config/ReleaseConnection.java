package io.dbsteps.internal.config;

import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.failure.SecretMask;
import io.dbsteps.internal.config.ConnectionSource;

import io.dbsteps.internal.lock.SchemaLock;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one connection a guarded release works on, from its first session to its last, so that the schema's lock it
 * takes before recording its intent stays held through the update, the health check and any rollback: no other
 * process can update or roll back in between. Every session of the release opens this connection without closing
 * it, and leaves the lock held until {@link #letGoOfLock()}; the session after that releases it.
 */
public final class ReleaseConnection extends ConnectionSource implements AutoCloseable {
    private final ConnectionSource origin;
    private final Lease lease;
    private final SchemaLock lock;
    private volatile boolean holding = true;

    /**
     * @param origin   where the connection comes from
     * @param lockWait the longest wait for another holder of the schema's lock
     */
    public ReleaseConnection(ConnectionSource origin, java.time.Duration lockWait) {
        super(origin.schema());
        this.origin = origin;
        this.lease = origin.open();
        this.lock = new SchemaLock(lockWait);
    }

    @Override
    public Lease open() {
        try {
            return new Lease(lease.connection(), false);
        } catch (SQLException e) {
            throw Failures.connection(schema(), describe(), e, mask());
        }
    }

    public Connection connection() {
        return lease.connection();
    }

    @Override
    public String describe() {
        return origin.describe();
    }

    @Override
    public SecretMask mask() {
        return origin.mask();
    }

    @Override
    public boolean holdsLockAcrossSessions() {
        return holding;
    }

    /** Every session of the release shares one lock, taken once and held until the release lets go of it. */
    @Override
    public SchemaLock sharedLock() {
        return lock;
    }

    /** The next session to end on this connection releases the lock. */
    public void letGoOfLock() {
        holding = false;
    }

    /** Gives the connection back (closing it if dbsteps opened it); a session lock still held goes with it. */
    @Override
    public void close() {
        lease.close();
    }
}
