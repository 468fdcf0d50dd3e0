package io.dbsteps.internal.schema;

import io.dbsteps.SchemaSnapshot;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The schemas a changelog expects at each release tag, per database, shipped next to the changelog as
 * {@code snapshots/<tag>.<dbms>.txt}. The proof harness writes them and fails when one is stale.
 */
public final class ExpectedSchemas {
    private ExpectedSchemas() {
    }

    /** The classpath path of the expected schema for a changelog, tag and database. */
    public static String path(String changelogPath, String tag, String dbms) {
        int slash = changelogPath.lastIndexOf('/');
        String dir = slash < 0 ? "" : changelogPath.substring(0, slash + 1);
        return dir + "snapshots/" + tag + "." + dbms + ".txt";
    }

    public static Optional<SchemaSnapshot> find(Settings settings, String tag, String dbms) {
        if (tag == null) {
            return Optional.of(SchemaSnapshot.empty(dbms));
        }
        String path = path(settings.changelog().path(), tag, dbms);
        try (InputStream in = settings.classLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(SchemaSnapshot.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The live schema, without dbsteps' own tables and the tracking tables of this changelog. */
    public static SchemaSnapshot live(LiquibaseSession s) {
        return SchemaSnapshot.of(s.connection())
                .withoutTables(s.settings().changelog().trackingTablesPattern());
    }
}
