package io.dbsteps.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that run a command over a fleet of targets instead of one database. */
final class FleetOptions {
    @Option(names = "--targets", paramLabel = "FILE",
            description = "Run over a fleet: one JDBC URL per line (# starts a comment line; blank lines are "
                    + "ignored), each target named by its URL. --user and the password apply to every target.")
    Path targets;

    @Option(names = "--parallel", paramLabel = "N",
            description = "With --targets: how many targets at once, and so the most connections held at once "
                    + "(default: the number of processors).")
    Integer parallel;

    @Option(names = "--fail-fast", description = "With --targets: start no more targets after one fails; those not "
            + "started are reported as SKIPPED.")
    boolean failFast;

    /** True if the command runs over a fleet; refuses fleet options given without {@code --targets}. */
    boolean given(CommandLine cli) {
        if (targets == null && (parallel != null || failFast)) {
            throw new CommandLine.ParameterException(cli, "--parallel and --fail-fast work with --targets FILE only.");
        }
        return targets != null;
    }

    /** The targets file's JDBC URLs, in order. */
    List<String> urls(CommandLine cli) {
        List<String> lines;
        try {
            lines = Files.readAllLines(targets);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cli, "The targets file " + targets + " cannot be read ("
                    + e.getMessage() + "). Give a file with one JDBC URL per line.");
        }
        List<String> urls = new ArrayList<>();
        for (String line : lines) {
            String url = line.strip();
            if (!url.isEmpty() && !url.startsWith("#")) {
                urls.add(url);
            }
        }
        return urls;
    }
}
