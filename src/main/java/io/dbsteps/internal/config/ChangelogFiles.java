package io.dbsteps.internal.config;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where changelog files are found, and which ones dbsteps accepts before Liquibase reads them. A changelog path is
 * looked up in the search path's directories, in order, then on the class path, as Liquibase's own CLI does; its
 * includes are looked up the same way. A changelog must be a file of a format Liquibase parses (YAML, XML, JSON or
 * formatted SQL) and at most {@link #MAX_BYTES} long.
 */
public final class ChangelogFiles {
    /** The largest changelog file dbsteps reads: far above any real changelog, far below one that exhausts memory. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final List<String> FORMATS = List.of(".yaml", ".yml", ".xml", ".json", ".sql");

    private ChangelogFiles() {
    }

    /**
     * A class loader that finds changelogs in the given directories first, then through the parent.
     *
     * @param dirs   the search path; each must be an existing directory
     * @param parent where to look after them
     */
    public static ClassLoader searchPath(List<Path> dirs, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The search path entry " + dir + " is not "
                        + "a directory. Give directories that hold your changelogs, e.g. --search-path src/main/resources.");
            }
            try {
                urls.add(dir.toAbsolutePath().normalize().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The search path entry " + dir
                        + " cannot be read as a directory: " + e.getMessage() + ".");
            }
        }
        return urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    /**
     * Refuses a changelog that is missing, a directory, of an unknown format or too large, before anything runs.
     *
     * @param path   the changelog's path on the search path or class path
     * @param loader the loader that finds it
     */
    public static void check(String path, ClassLoader loader) {
        URL url = loader.getResource(path);
        if (url == null) {
            throw new DbStepsException(ErrorCode.CHANGELOG_NOT_FOUND, "Changelog " + path + " was not found in the "
                    + "search path or on the class path. Check the path: it is relative to the search path (the "
                    + "working directory by default, --search-path) or a class-path path such as db/changelog.yaml.");
        }
        if (isDirectory(url)) {
            throw invalid(path, "is a directory, not a changelog file. Give the changelog file itself, e.g. "
                    + path.replaceAll("/+$", "") + "/changelog.yaml");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (FORMATS.stream().noneMatch(lower::endsWith)) {
            throw invalid(path, "is not a changelog format Liquibase reads. Give a .yaml, .yml, .xml, .json or .sql "
                    + "changelog");
        }
        long size = size(url);
        if (size > MAX_BYTES) {
            throw invalid(path, "is " + size + " bytes long, more than the " + MAX_BYTES + " bytes dbsteps reads. "
                    + "Split it into files joined by include");
        }
    }

    /** A changelog refused for what it is, naming the file. */
    public static DbStepsException invalid(String path, String why) {
        return new DbStepsException(ErrorCode.INVALID_CHANGELOG, "Changelog " + path + " " + why
                + "; nothing was changed.");
    }

    private static boolean isDirectory(URL url) {
        if ("file".equals(url.getProtocol())) {
            try {
                return Files.isDirectory(Path.of(url.toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return false;
            }
        }
        return url.getPath().endsWith("/");
    }

    private static long size(URL url) {
        try {
            URLConnection c = url.openConnection();
            c.setUseCaches(false);
            return c.getContentLengthLong();
        } catch (IOException e) {
            return -1;
        }
    }
}
