package io.dbsteps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh SQLite files in a temporary folder, one per test, deleted afterwards. */
final class SqliteFiles {
    private SqliteFiles() {
    }

    static TestDb create() {
        try {
            Path dir = Files.createTempDirectory("dbsteps-sqlite-");
            Path file = dir.resolve("test.db");
            return new TestDb(TestDb.Kind.SQLITE, "jdbc:sqlite:" + file, null, null, () -> deleteAll(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh file holding a copy of the given SQLite file. */
    static TestDb copy(Path source) {
        TestDb db = create();
        try {
            Files.copy(source, Path.of(db.url().substring("jdbc:sqlite:".length())));
            return db;
        } catch (IOException e) {
            db.close();
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
