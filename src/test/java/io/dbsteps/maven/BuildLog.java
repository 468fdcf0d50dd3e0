package io.dbsteps.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of a consumer build's {@code build.log} written since the previous check: the invoker appends every
 * invocation of a build to one log, and each check reads only its own invocation's part.
 */
final class BuildLog {
    private BuildLog() {
    }

    static String sinceLastCheck(Path basedir) {
        Path log = basedir.resolve("build.log");
        Path mark = basedir.resolve("build.log.checked");
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            int from = Files.exists(mark) ? Integer.parseInt(Files.readString(mark).trim()) : 0;
            Files.writeString(mark, Integer.toString(text.length()));
            return text.substring(Math.min(from, text.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
