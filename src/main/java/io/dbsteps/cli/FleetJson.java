package io.dbsteps.cli;

import picocli.CommandLine.Option;

/** {@code --json} for the commands that print JSON only over a fleet (update, rollback). */
final class FleetJson {
    @Option(names = "--json", description = "With --targets: print the fleet's results as JSON instead of lines and "
            + "a table.")
    boolean json;
}
