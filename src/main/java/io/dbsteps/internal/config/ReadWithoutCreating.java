package io.dbsteps.internal.config;

import io.dbsteps.internal.jdbc.SqliteUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A command that only reads leaves no file behind. Opening an SQLite file that does not exist creates it, empty; a
 * {@code status} on a mistyped path would leave an empty database there (and its lock file) for the next command to
 * take as real. When the database file did not exist before a read and is still empty after it, the files the read
 * created are removed; a file that holds anything is kept.
 */
public final class ReadWithoutCreating {
    private ReadWithoutCreating() {
    }

    /** Runs a read-only command on the source, then removes the SQLite files it created and left empty. */
    public static <T> T run(ConnectionSource source, Supplier<T> read) {
        Path file = source.sqliteFile();
        if (file == null || Files.exists(file)) {
            return read.get();
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        String name = file.getFileName().toString();
        Set<String> before = siblings(dir, name);
        try {
            return read.get();
        } finally {
            removeCreated(file, dir, name, before);
        }
    }

    private static void removeCreated(Path file, Path dir, String name, Set<String> before) {
        try {
            if (!Files.exists(file) || Files.size(file) > 0) {
                return;
            }
            Path realDir = SqliteUrl.realFile(file).getParent();
            for (String created : siblings(realDir, name)) {
                if (!before.contains(created)) {
                    Files.deleteIfExists(realDir.resolve(created));
                }
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an empty file that could not be removed is an empty database: the next command reads it as such
        }
    }

    /** The files beside the database that SQLite and dbsteps create for it: journals and lock files. */
    private static Set<String> siblings(Path dir, String name) {
        Set<String> names = new HashSet<>();
        if (dir == null) {
            return names;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(name + ".") || n.startsWith(name + "-"))
                    .forEach(names::add);
        } catch (IOException e) {
            // an unreadable directory: nothing is removed from it
        }
        return names;
    }
}
