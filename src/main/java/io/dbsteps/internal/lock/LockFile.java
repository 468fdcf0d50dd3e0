package io.dbsteps.internal.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * SQLite's session lock: an operating-system lock on a file beside the database, {@code <database file>.<lock
 * table>}, named after the database file's real path, so that every way of reaching one file (a relative path, a
 * symbolic link) meets the same lock. The operating system releases it when the holding process dies. While held, the
 * file names its holder; it is emptied on release.
 */
final class LockFile {
    private LockFile() {
    }

    /** Takes the lock if it is free; null if another process, or another command of this one, holds it. */
    public static SessionLock tryTake(Connection c, String lockTable, String owner) throws SQLException, LockUnavailableException {
        Path file = SchemaLockProbe.lockFile(c, lockTable);
        if (file == null) {
            return () -> { }; // an in-memory database lives in this connection alone
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            throw new LockUnavailableException("the lock file " + file + " cannot be created or opened ("
                    + reason(e) + "). Give this process write access to the database's directory and to that file", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // another command of this process holds it
        } catch (IOException e) {
            close(channel);
            throw new LockUnavailableException("the lock file " + file + " cannot be locked (" + reason(e) + ")", e);
        }
        if (lock == null) {
            close(channel);
            return null;
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + " since " + Instant.now()).getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            release(lock, channel);
            throw new LockUnavailableException("the lock file " + file + " cannot be written (" + reason(e) + ")", e);
        }
        FileLock held = lock;
        return () -> release(held, channel);
    }

    /** Who the lock file names as its holder, or null if it names none. */
    public static String holder(Connection c, String lockTable) throws SQLException {
        Path file = SchemaLockProbe.lockFile(c, lockTable);
        if (file == null) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }

    private static void release(FileLock lock, FileChannel channel) {
        try {
            channel.truncate(0); // no stale holder line once the lock is free
            lock.release();
        } catch (IOException ignored) {
            // the operating system releases the lock when the channel or the process goes
        } finally {
            close(channel);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing is held through a closed channel
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "its directory does not exist";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
