package io.dbsteps.harness;

import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The schemas in the project's {@code changelogs/} folder: every folder there is proved, on every database. */
public final class ShippedChangelogs {
    public static final Path ROOT = Path.of("changelogs");

    private ShippedChangelogs() {
    }

    public static List<String> schemas() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + ROOT.toAbsolutePath(), e);
        }
    }

    /** Every shipped schema on every database, as JUnit arguments (target, kind). */
    public static Stream<Arguments> onEveryDatabase() {
        List<Arguments> out = new ArrayList<>();
        for (String schema : schemas()) {
            for (TestDb.Kind kind : TestDb.Kind.values()) {
                out.add(Arguments.of(Target.shipped(schema), kind));
            }
        }
        return out.stream();
    }

    public static Stream<Target> targets() {
        return schemas().stream().map(Target::shipped);
    }
}
