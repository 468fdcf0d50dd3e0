package io.dbsteps.internal.lock;

import io.dbsteps.internal.jdbc.SqliteUrl;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether another session holds a schema's lock (the PostgreSQL advisory lock, the SQLite lock file), without
 * taking it and without Liquibase: dbsteps' fast path uses this and must not load Liquibase.
 */
public final class SchemaLockProbe {
    private SchemaLockProbe() {
    }

    /**
     * The condition on {@code pg_locks} (alias {@code l}) that finds the advisory lock of a schema held by another
     * server process, with its two parameters. For dbsteps' fast path, which must not report "up to date" while
     * another process is changing the schema.
     *
     * @param c         the connection that asks (its current schema is part of the key)
     * @param lockTable the schema's lock table
     * @return the SQL condition and the values of its two parameters
     * @throws SQLException if the connection's schema cannot be read
     */
    public static Object[] heldElsewhereCondition(Connection c, String lockTable) throws SQLException {
        return new Object[] {"l.locktype = 'advisory' AND l.classid::bigint = ? AND l.objid::bigint = ? "
                + "AND l.objsubid = 2 AND l.granted AND l.pid <> pg_backend_pid() "
                + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            Integer.toUnsignedLong(AdvisoryLock.DBSTEPS_KEY), Integer.toUnsignedLong(AdvisoryLock.key(c, lockTable))};
    }

    /**
     * Whether another process, or another connection of this one, holds the schema's lock on an SQLite database: its
     * lock file is locked. Creates nothing. For dbsteps' fast path.
     *
     * @param c         a connection to the SQLite database
     * @param lockTable the schema's lock table
     * @return true if the lock is held
     * @throws SQLException if the connection's URL cannot be read
     */
    public static boolean sqliteHeldElsewhere(Connection c, String lockTable) throws SQLException {
        Path file = lockFile(c, lockTable);
        if (file == null || !java.nio.file.Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM, on another connection
        } catch (IOException e) {
            return true; // unreadable: let the full path, which takes the lock, decide
        }
    }

    /**
     * The lock file of an SQLite connection's database, named after the database file's real path so that every
     * way of reaching the file meets the same lock; null for an in-memory database. Kept here, free of Liquibase,
     * because the fast path needs it too.
     */
    public static Path lockFile(Connection c, String lockTable) throws SQLException {
        Path file = SqliteUrl.file(c.getMetaData().getURL());
        if (file == null) {
            return null;
        }
        Path db = SqliteUrl.realFile(file); // one lock however the file is reached
        return db.resolveSibling(db.getFileName() + "." + lockTable);
    }
}
