package io.dbsteps.internal.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The schemas whose changelogs ship in the jar, read from the index {@code dbsteps/schemas.txt}. */
public final class ShippedSchemas {
    public static final String INDEX = "dbsteps/schemas.txt";

    private ShippedSchemas() {
    }

    public static List<String> names() {
        try (InputStream in = ShippedSchemas.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " is missing from the dbsteps jar; the jar is damaged");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
