package io.dbsteps.ext;

import io.dbsteps.internal.lock.SchemaLock;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.exception.LockException;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;
import liquibase.lockservice.StandardLockService;

/**
 * Liquibase's view of the lock dbsteps takes before it changes a schema. The lock itself is the command's
 * {@link SchemaLock}, found in its Liquibase scope: a session lock that the database or the operating system releases
 * when the process holding it dies (PostgreSQL's advisory lock, or a lock file beside an SQLite database), with
 * Liquibase's lock row marked so that plain Liquibase clients (the Maven plugin, Spring Boot) wait for dbsteps.
 *
 * <p>It serves dbsteps' own commands only (a host's own Liquibase runs, outside dbsteps' scope, keep Liquibase's lock),
 * and is public only because Liquibase instantiates lock services by reflection. Liquibase creates and discards lock
 * services freely; this one keeps no state of its own, so that whichever instance Liquibase asks sees the command's
 * lock.
 */
public class DbStepsLockService extends StandardLockService {
    /** Liquibase creates lock services through this constructor. */
    public DbStepsLockService() {
        super();
    }

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 10; // above Liquibase's own lock services
    }

    @Override
    public boolean supports(Database database) {
        return SchemaLock.current() != null && SchemaLock.supports(database);
    }

    /**
     * Previews (update SQL, rollback SQL) take nothing, and write no lock-row statements: the SQL they print is what
     * dbsteps runs, and dbsteps' lock is the session lock, not Liquibase's UPDATE of the lock row. Creating the lock
     * table is written, as dbsteps does create it.
     */
    private boolean previewing() {
        return Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database)
                instanceof LoggingExecutor;
    }

    @Override
    public void waitForLock() throws LockException {
        if (previewing()) {
            initForPreview();
            hasChangeLogLock = true;
            return;
        }
        SchemaLock.current().waitFor(database, this::init);
        hasChangeLogLock = true;
    }

    @Override
    public boolean acquireLock() throws LockException {
        if (previewing()) {
            initForPreview();
            hasChangeLogLock = true;
            return true;
        }
        hasChangeLogLock = SchemaLock.current().tryTake(database, this::init);
        return hasChangeLogLock;
    }

    /**
     * Liquibase releases the lock at the end of each of its commands; a lock that a dbsteps command holds to its end
     * stays held until the command releases it.
     */
    @Override
    public void releaseLock() throws LockException {
        if (previewing()) {
            hasChangeLogLock = false;
            return;
        }
        hasChangeLogLock = false;
        SchemaLock.current().releaseUnlessHeldToEnd(database);
    }

    private void initForPreview() throws LockException {
        try {
            init();
        } catch (DatabaseException e) {
            throw new LockException(e);
        }
    }

    @Override
    public boolean hasChangeLogLock() {
        return previewing() ? super.hasChangeLogLock() : SchemaLock.current().isHeld();
    }

    @Override
    public void forceReleaseLock() throws LockException, DatabaseException {
        SchemaLock.current().release(database);
        hasChangeLogLock = false;
    }
}
