package io.dbsteps.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The bounds every changelog file is read within, checked before Liquibase parses it: its size, how deeply
 * changelogs include each other, and for YAML and JSON how far aliases expand and how deeply nodes nest. A YAML
 * alias bomb is a few hundred bytes that expand to billions of nodes; it is found here by counting, from SnakeYAML's
 * event stream, the nodes the aliases would add, without building them.
 */
public final class ChangelogInput {
    /** Nodes that aliases may add, in all: far above what a real changelog reuses. */
    public static final long MAX_ALIAS_NODES = 100_000;
    /** How deeply YAML nodes may nest. */
    public static final int MAX_NESTING = 100;
    /** How deeply changelogs may include each other. */
    public static final int MAX_INCLUDE_DEPTH = 30;

    private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);

    private ChangelogInput() {
    }

    /** Why a changelog file is refused. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Work that parses one changelog file. */
    public interface Parse<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Parses one changelog file within the include depth: the changelogs it includes are parsed inside this call.
     *
     * @param path  the file, for the message
     * @param parse the parse
     */
    public static <T, E extends Exception> T included(String path, Parse<T, E> parse) throws E, Refused {
        int depth = DEPTH.get();
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new Refused("changelog " + path + " is included " + depth + " levels deep, more than the "
                    + MAX_INCLUDE_DEPTH + " dbsteps follows; a changelog that includes itself, directly or through "
                    + "others, never ends. Remove the circular include");
        }
        DEPTH.set(depth + 1);
        try {
            return parse.run();
        } finally {
            DEPTH.set(depth);
        }
    }

    /**
     * Checks a YAML or JSON changelog's size, nesting and alias expansion.
     *
     * @param path the file, for the message
     * @param in   its content; read to the end and closed
     */
    public static void checkYaml(String path, Supplier<InputStream> in) throws Refused {
        try (InputStream stream = in.get()) {
            if (stream == null) {
                return; // Liquibase reports the missing file itself
            }
            byte[] bytes = stream.readNBytes((int) ChangelogFiles.MAX_BYTES + 1);
            if (bytes.length > ChangelogFiles.MAX_BYTES) {
                throw new Refused("changelog " + path + " is longer than the " + ChangelogFiles.MAX_BYTES
                        + " bytes dbsteps reads; split it into files joined by include");
            }
            scan(path, new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Refused("changelog " + path + " could not be read: " + e.getMessage());
        }
    }

    private static void scan(String path, Reader reader) throws Refused {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) ChangelogFiles.MAX_BYTES);
        Map<String, Long> anchored = new HashMap<>();
        Deque<long[]> open = new ArrayDeque<>();
        Deque<String> anchors = new ArrayDeque<>();
        long fromAliases = 0;
        try {
            for (Event e : new Yaml(options).parse(reader)) {
                long size;
                String anchor;
                if (e instanceof CollectionStartEvent start) {
                    if (open.size() >= MAX_NESTING) {
                        throw new Refused("changelog " + path + " nests more than " + MAX_NESTING + " levels deep at "
                                + "line " + (e.getStartMark().getLine() + 1) + "; flatten it");
                    }
                    open.push(new long[] {1});
                    anchors.push(start.getAnchor() == null ? "" : start.getAnchor());
                    continue;
                } else if (e instanceof CollectionEndEvent) {
                    size = open.pop()[0];
                    anchor = anchors.pop();
                } else if (e instanceof ScalarEvent scalar) {
                    size = 1;
                    anchor = scalar.getAnchor() == null ? "" : scalar.getAnchor();
                } else if (e instanceof AliasEvent alias) {
                    size = anchored.getOrDefault(alias.getAnchor(), 1L);
                    anchor = "";
                    fromAliases += size;
                    if (fromAliases > MAX_ALIAS_NODES) {
                        throw new Refused("changelog " + path + " uses YAML aliases that expand to more than "
                                + MAX_ALIAS_NODES + " nodes (at line " + (e.getStartMark().getLine() + 1) + "), as an "
                                + "alias bomb does; write the repeated parts out, or use fewer aliases");
                    }
                } else {
                    continue;
                }
                if (!anchor.isEmpty()) {
                    anchored.put(anchor, size);
                }
                if (!open.isEmpty()) {
                    open.peek()[0] = Math.min(Long.MAX_VALUE / 2, open.peek()[0] + size);
                }
            }
        } catch (YAMLException e) {
            return; // not YAML that parses: Liquibase's own parser says where
        }
    }
}
