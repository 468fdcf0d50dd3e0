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
        return path(changelogPath, dbms, List.of(), Map.of());
    }

    /**
     * The manifest's resource path for a configuration: contexts and parameters change which changesets apply and
     * their checksums, so a configuration other than the default has a manifest of its own, named with a hash of the
     * configuration (never its values: a parameter may hold a credential's hash).
     */
    public static String path(String changelogPath, String dbms, List<String> contexts, Map<String, String> parameters) {
        String base = changelogPath.endsWith(".yaml") ? changelogPath.substring(0, changelogPath.length() - 5)
                : changelogPath;
        return base + ".manifest." + dbms + configuration(contexts, parameters) + ".txt";
    }

    private static String configuration(List<String> contexts, Map<String, String> parameters) {
        if (contexts.isEmpty() && parameters.isEmpty()) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        contexts.stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).sorted().distinct()
                .forEach(c -> key.append("context\0").append(c).append('\0'));
        new java.util.TreeMap<>(parameters).forEach((k, v) -> key.append("parameter\0").append(k).append('\0')
                .append(v).append('\0'));
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return "." + java.util.HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Key(ClassLoader loader, String path) {
    }

    /** Manifests read so far: a jar's resources do not change while it runs. */
    private static final Map<Key, Optional<ChangelogManifest>> READ = new ConcurrentHashMap<>();

    /** Manifests of changelogs that ship none, learned from their first full update in this JVM. */
    private static final Map<Key, ChangelogManifest> LEARNED = new ConcurrentHashMap<>();

    /**
     * The manifest shipped for a changelog, database and configuration, read once per JVM; else the one learned in
     * this JVM; else null.
     */
    public static ChangelogManifest find(ClassLoader loader, String changelogPath, String dbms, List<String> contexts,
            Map<String, String> parameters) {
        String path = path(changelogPath, dbms, contexts, parameters);
        return shipped(loader, path).orElse(LEARNED.get(new Key(loader, path)));
    }

    /** The manifest of the default configuration (no contexts, no parameters); see the full form. */
    public static ChangelogManifest find(ClassLoader loader, String changelogPath, String dbms) {
        return find(loader, changelogPath, dbms, List.of(), Map.of());
    }

    /** The manifest shipped for the default configuration, if any. */
    public static Optional<ChangelogManifest> shipped(ClassLoader loader, String changelogPath, String dbms) {
        return shipped(loader, changelogPath, dbms, List.of(), Map.of());
    }

    public static Optional<ChangelogManifest> shipped(ClassLoader loader, String changelogPath, String dbms,
            List<String> contexts, Map<String, String> parameters) {
        return shipped(loader, path(changelogPath, dbms, contexts, parameters));
    }

    private static Optional<ChangelogManifest> shipped(ClassLoader loader, String path) {
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
    public static void learn(ClassLoader loader, String changelogPath, String dbms, List<String> contexts,
            Map<String, String> parameters, ChangelogManifest manifest) {
        LEARNED.put(new Key(loader, path(changelogPath, dbms, contexts, parameters)), manifest);
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
