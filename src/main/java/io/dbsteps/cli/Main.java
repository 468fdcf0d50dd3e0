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
            "", "The password is read from DBSTEPS_PASSWORD when --password is not given.",
            "Output is coloured only on a terminal, and never when NO_COLOR is set."})
public final class Main implements Runnable, Style.Source {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Style style;

    private Main(Style style) {
        this.style = style;
    }

    /** @return how the running command colours its output */
    @Override
    public Style style() {
        return style;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Style.forThisProcess()));
    }

    /**
     * Runs the command line without exiting, without colour.
     *
     * @param args the arguments
     * @param out  where results go
     * @param err  where errors go
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Style.PLAIN);
    }

    static int run(String[] args, PrintWriter out, PrintWriter err, Style style) {
        quietLogging();
        CommandLine cli = new CommandLine(new Main(style));
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
                style.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof DbStepsException d) {
                commandLine.getErr().println(style.failure("error [" + d.code() + "]") + ": " + d.getMessage());
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
        // The changelog extensions (e.g. batched backfills) report the progress of long steps at INFO.
        setDefault("org.slf4j.simpleLogger.log.io.dbsteps.ext", "info");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
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
