package io.dbsteps;

import io.dbsteps.internal.config.Settings;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The lock a fleet command holds on one target from before it reads the target's state until it is done with it,
 * across the several dbsteps commands a guarded update runs, so that two fleets working on the same target take
 * turns. Like the schema lock it is a session lock, dropped by the database or the operating system when its holder
 * dies: on PostgreSQL a session-level advisory lock on the target's own connection, keyed by the namespace and the
 * tracking-table prefix (so tenants in one database never wait for each other); on SQLite an operating-system lock on
 * the file {@code <database file>.<prefix>_fleet}. It is a different lock from the schema's: each dbsteps command of
 * the guarded update still takes and releases the schema's lock as usual.
 */
final class FleetLock implements AutoCloseable {
    private static final int FLEET_KEY = 0x6462666c; // "dbfl"

    private final Release release;

    private interface Release {
        void run();
    }

    private FleetLock(Release release) {
        this.release = release;
    }

    /** Takes the target's lock, waiting up to the target's lockWait. */
    static FleetLock take(FleetTarget target, Settings settings, Connection c) {
        long wait = settings.lockWait().toMillis();
        long deadline = System.nanoTime() + settings.lockWait().toNanos();
        long pause = 25;
        try {
            if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                refuseLookAlikes(settings, c);
            }
            while (true) {
                Release held = tryTake(settings, c);
                if (held != null) {
                    return new FleetLock(held);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new DbStepsException(ErrorCode.LOCKED, "Schema " + settings.schema() + " on fleet target '"
                            + target.name() + "': another fleet command has been working on this target for longer "
                            + "than the " + wait + " ms this one waits (lockWait); this command changed nothing on it. "
                            + "Run it again when the other is done, or give it a longer lockWait.");
                }
                Thread.sleep(Math.min(pause, left));
                pause = Math.min(pause * 2, 500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbStepsException(ErrorCode.LOCKED, "Schema " + settings.schema() + " on fleet target '"
                    + target.name() + "': interrupted while waiting for the target's lock; nothing was changed.");
        } catch (SQLException | IOException e) {
            throw new DbStepsException(ErrorCode.DATABASE_ERROR, "Schema " + settings.schema() + " on fleet target '"
                    + target.name() + "': the target's lock could not be taken (" + target.mask().apply(e.getMessage())
                    + "); nothing was changed. Check the connection and the database's permissions.", e);
        }
    }

    private static Release tryTake(Settings settings, Connection c) throws SQLException, IOException {
        String product = c.getMetaData().getDatabaseProductName();
        String name = settings.changelog().tablePrefix() + "_fleet";
        if ("PostgreSQL".equals(product)) {
            int key = (c.getSchema() + "." + name).hashCode();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, FLEET_KEY);
                ps.setInt(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
            return () -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    ps.setInt(1, FLEET_KEY);
                    ps.setInt(2, key);
                    ps.executeQuery().close();
                } catch (SQLException ignored) {
                    // the connection is gone, and the server dropped the lock with it
                }
            };
        }
        if ("SQLite".equals(product)) {
            Path file = sqliteFile(c);
            if (file == null) {
                return () -> { }; // an in-memory database lives on this one connection alone
            }
            FileChannel channel = FileChannel.open(Path.of(file + "." + name), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another fleet command of this JVM holds it
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            return () -> {
                try {
                    channel.close(); // releases the lock
                } catch (IOException ignored) {
                    // the operating system releases the lock when the process goes
                }
            };
        }
        throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Schema " + settings.schema() + ": fleets run on "
                + "PostgreSQL and SQLite, and this target is " + product + "; nothing was changed. Run the schema on it "
                + "with DbSteps instead.");
    }

    /**
     * Refuses CockroachDB, which answers as PostgreSQL but whose advisory-lock functions succeed without locking, so
     * that two fleets could change one target at once (docs/scale.md).
     */
    private static void refuseLookAlikes(Settings settings, Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
            if (rs.next() && rs.getString(1) != null && rs.getString(1).contains("CockroachDB")) {
                throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Schema " + settings.schema() + ": this "
                        + "target is CockroachDB, whose advisory locks do not lock, so a fleet cannot keep two commands "
                        + "off one target; nothing was changed. Run fleets on PostgreSQL or SQLite (see docs/scale.md).");
            }
        }
    }

    /** The SQLite database file of the connection, or null for an in-memory database. */
    private static Path sqliteFile(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        String path = url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : url;
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            if (path.substring(query).contains("mode=memory")) {
                return null;
            }
            path = path.substring(0, query);
        }
        return path.isEmpty() || path.equals(":memory:") ? null : Path.of(path);
    }

    @Override
    public void close() {
        release.run();
    }
}
