package io.dbsteps.internal.jdbc;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What an SQLite JDBC URL points at, read as sqlite-jdbc reads it: {@code jdbc:sqlite:} then a file path or a
 * {@code file:} URI, then options after {@code ?}. The one place that turns such a URL into a file, for the lock file
 * beside the database and for the checks made before a command opens it.
 */
public final class SqliteUrl {
    private static final String PREFIX = "jdbc:sqlite:";

    private SqliteUrl() {
    }

    /** Whether the URL is an SQLite URL. */
    public static boolean isSqlite(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * The database file the URL names, as written (relative paths stay relative); null if the URL is not an SQLite
     * URL or names no file (an in-memory or temporary database, a class-path resource).
     */
    public static Path file(String url) {
        if (!isSqlite(url)) {
            return null;
        }
        String path = url.substring(PREFIX.length());
        int query = path.indexOf('?');
        String options = query >= 0 ? path.substring(query).toLowerCase(Locale.ROOT) : "";
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
            if (path.startsWith("//")) { // file://host/path: only the local host is a file
                path = path.substring(path.indexOf('/', 2) < 0 ? path.length() : path.indexOf('/', 2));
            }
        }
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith(":resource:") || options.contains("mode=memory")) {
            return null;
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Why a command must not open this URL, as the end of a sentence, or null if it may. An SQLite URL must name a
     * file: without one SQLite runs the command on a temporary database that is gone when it ends. (A file in a
     * directory that does not exist fails when the command connects, as CONNECTION_FAILED naming the directory.)
     */
    public static String problem(String url) {
        if (!isSqlite(url) || url.substring(PREFIX.length()).startsWith(":resource:") || file(url) != null) {
            return null;
        }
        return "it names no database file, so SQLite would use a temporary database that is gone when the command "
                + "ends";
    }

    /**
     * The database file with links resolved when it exists, or its absolute path when it does not yet: one name
     * however the file is reached.
     */
    public static Path realFile(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
