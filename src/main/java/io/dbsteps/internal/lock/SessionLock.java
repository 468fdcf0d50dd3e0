package io.dbsteps.internal.lock;

/** A lock that the database or the operating system drops when the process holding it dies. */
interface SessionLock {
    /** Releases the lock; a connection or file that is already gone is no error, since the lock went with it. */
    public void release();
}
