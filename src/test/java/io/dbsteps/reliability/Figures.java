package io.dbsteps.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The figures of the reliability tests, one file per case under {@code target/reliability/}, for the README's
 * reliability section. They are written before the test asserts, so a failing run leaves its figures too.
 */
final class Figures {
    private Figures() {
    }

    static void record(String caseName, String line) {
        Path dir = Path.of("target", "reliability");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(caseName + ".txt"), caseName + ": " + line + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
