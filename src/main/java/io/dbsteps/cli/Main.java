package io.dbsteps.cli;

import io.dbsteps.DbStepsException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The dbsteps command line: the Java API from a terminal. Exit code 0 on success, 1 when a command fails (the
 * message is the error's), 2 on a usage error, 3 when a guarded release was rolled back, 4 when drift is found.
 */
@Command(name = "dbsteps", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Updates, rolls back, tags and inspects the dbsteps schemas in PostgreSQL or SQLite.",
        subcommands = {UpdateCommand.class, RollbackCommand.class, TagCommand.class, StatusCommand.class,
            HistoryCommand.class, SqlCommand.class, ValidateCommand.class, ReleaseCommand.class, DriftCommand.class,
            AdoptCommand.class,
            SchemasCommand.class},
        footer = {"", "Examples:",
            "  dbsteps update --schema codorch",
            "  dbsteps status --schema codorch --url jdbc:postgresql://db:5432/app --user app",
            "  dbsteps rollback --schema codorch --to 1.0",
            "", "The password is read from DBSTEPS_PASSWORD when --password is not given."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line without exiting.
     *
     * @param args the arguments
     * @param out  where results go
     * @param err  where errors go
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        quietLogging();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof DbStepsException d) {
                commandLine.getErr().println("error [" + d.code() + "]: " + d.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The CLI prints its own lines; library log lines below WARN stay out of the terminal. */
    private static void quietLogging() {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        // Liquibase warns that it could not release a lock it never took when previewing SQL on an empty database.
        setDefault("org.slf4j.simpleLogger.log.liquibase.lockservice", "error");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
