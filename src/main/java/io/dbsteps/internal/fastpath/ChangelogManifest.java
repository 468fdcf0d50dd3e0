package io.dbsteps.internal.fastpath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a changelog applies on one database, listed at build time: each changeset's id, author, logical file and
 * the checksum Liquibase computes for it, in order. {@link UpToDateCheck} compares it with the tracking table without
 * loading Liquibase. It is a plain text resource next to the changelog, {@code <changelog>.manifest.<dbms>.txt};
 * {@link Manifests} builds it and {@code io.dbsteps.ManifestWriter} writes it into the jar. This class must not use Liquibase.
 */
public final class ChangelogManifest {
    public static final String HEADER = "# dbsteps changelog manifest, format 1";

    /** One changeset as the tracking table records it. */
    public record Entry(String id, String author, String file, String checksum) {
    }

    private final List<Entry> entries;
    private final boolean alwaysRuns;

    public ChangelogManifest(List<Entry> entries, boolean alwaysRuns) {
        this.entries = List.copyOf(entries);
        this.alwaysRuns = alwaysRuns;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** True if a changeset runs on every update (runAlways) or whenever it changes (runOnChange). */
    public boolean alwaysRuns() {
        return alwaysRuns;
    }

    public static String path(String changelogPath, String dbms) {
        String base = changelogPath.endsWith(".yaml") ? changelogPath.substring(0, changelogPath.length() - 5)
                : changelogPath;
        return base + ".manifest." + dbms + ".txt";
    }

    private record Key(ClassLoader loader, String path) {
    }

    /** Manifests read so far: a jar's resources do not change while it runs. */
    private static final Map<Key, Optional<ChangelogManifest>> READ = new ConcurrentHashMap<>();

    /** Manifests of changelogs that ship none, learned from their first full update in this JVM. */
    private static final Map<Key, ChangelogManifest> LEARNED = new ConcurrentHashMap<>();

    /**
     * The manifest shipped for a changelog and database, read once per JVM; else the one learned in this JVM; else
     * null.
     */
    public static ChangelogManifest find(ClassLoader loader, String changelogPath, String dbms) {
        return shipped(loader, changelogPath, dbms).orElse(LEARNED.get(new Key(loader, path(changelogPath, dbms))));
    }

    public static Optional<ChangelogManifest> shipped(ClassLoader loader, String changelogPath, String dbms) {
        String path = path(changelogPath, dbms);
        return READ.computeIfAbsent(new Key(loader, path), k -> {
            try (InputStream in = loader.getResourceAsStream(path)) {
                return in == null ? Optional.empty()
                        : Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Remembers the manifest of a changelog that ships none, as the parsed changelog gives it, so that later updates in
     * this JVM take the fast path too. It lists what the changelog holds, not what a database recorded, so the fast
     * check stays a real comparison.
     */
    public static void learn(ClassLoader loader, String changelogPath, String dbms, ChangelogManifest manifest) {
        LEARNED.put(new Key(loader, path(changelogPath, dbms)), manifest);
    }

    public static ChangelogManifest parse(String text) {
        List<Entry> entries = new ArrayList<>();
        boolean always = false;
        for (String line : text.split("\n")) {
            if (line.equals("# runs always or on change")) {
                always = true;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t", -1);
                entries.add(new Entry(f[0], f[1], f[2], f[3]));
            }
        }
        return new ChangelogManifest(entries, always);
    }

    public String format() {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        if (alwaysRuns) {
            s.append("# runs always or on change\n");
        }
        for (Entry e : entries) {
            s.append(e.id()).append('\t').append(e.author()).append('\t').append(e.file()).append('\t')
                    .append(e.checksum()).append('\n');
        }
        return s.toString();
    }
}
