package io.dbsteps.cli;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The dbsteps command line: the Java API from a terminal. Exit code 0 on success, 1 when a command fails (one line:
 * {@code error [CODE]: what happened. What to do.}), 2 on a usage error (a missing, conflicting or malformed option),
 * 3 when a guarded release was rolled back, 4 when drift is found.
 */
@Command(name = "dbsteps", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Updates, rolls back, tags and inspects the dbsteps schemas in PostgreSQL or SQLite.",
        subcommands = {UpdateCommand.class, RollbackCommand.class, TagCommand.class, StatusCommand.class,
            HistoryCommand.class, SqlCommand.class, ValidateCommand.class, ReleaseCommand.class, DriftCommand.class,
            AdoptCommand.class, ArchivesCommand.class, SchemasCommand.class},
        footer = {"", "Examples:",
            "  dbsteps update --schema codorch",
            "  dbsteps status --schema codorch --url jdbc:postgresql://db:5432/app --user app",
            "  dbsteps rollback --schema codorch --to 1.0",
            "", "The password is read from DBSTEPS_PASSWORD when --password is not given.",
            "Output is coloured only on a terminal, and never when NO_COLOR is set."})
public final class Main implements Runnable, Style.Source {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Also print Liquibase's log and, for a failure, the Java stack trace.")
    boolean verbose;

    @CommandLine.Option(names = "--log-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Write the log, Liquibase's included, to this file.")
    String logFile;

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

    static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr, Style style) {
        PrintWriter out = new PrintWriter(new ControlCharEscaper(rawOut, style.colour()), true);
        PrintWriter err = new PrintWriter(new ControlCharEscaper(rawErr, style.colour()), true);
        boolean verbose = Arrays.asList(args).contains("--verbose");
        configureLogging(verbose, logFile(args));
        CommandLine cli = new CommandLine(new Main(style));
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
                style.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cli.setUsageHelpAutoWidth(false);
        cli.setUsageHelpWidth(120);
        listExitCodes(cli);
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine at = e.getCommandLine();
            String what = String.valueOf(e.getMessage()).replaceFirst("^Error: ", "");
            at.getErr().println(style.failure("error [USAGE]") + ": " + sentence(what) + " Nothing was "
                    + "changed. Run '" + at.getCommandSpec().qualifiedName() + " --help' for the options.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, at, parsed) -> {
            if (e instanceof DbStepsException d) {
                at.getErr().println(style.failure("error [" + d.code() + "]") + ": " + d.getMessage());
                if (verbose && d.getCause() != null) {
                    d.getCause().printStackTrace(at.getErr());
                }
                return USAGE_ERRORS.contains(d.code()) ? USAGE : FAILED;
            }
            at.getErr().println(style.failure("error [INTERNAL]") + ": " + sentence(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())) + " This is a fault in dbsteps; run the "
                    + "command again with --verbose for the details, and report them.");
            if (verbose) {
                e.printStackTrace(at.getErr());
            }
            return FAILED;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Every command's help lists the exit codes it can return, the same words as the README's table. */
    private static void listExitCodes(CommandLine cli) {
        List<CommandLine> all = new ArrayList<>(cli.getSubcommands().values());
        all.add(cli);
        for (CommandLine command : all) {
            Map<String, String> codes = new LinkedHashMap<>();
            codes.put("0", "done");
            codes.put(String.valueOf(FAILED), "the command failed; the message says what happened, the state of the "
                    + "database, and what to do");
            codes.put(String.valueOf(USAGE), "usage error: a missing or conflicting option, a bad value; nothing ran");
            String name = command.getCommandName();
            if (command == cli || name.equals("release")) {
                codes.put(String.valueOf(ReleaseCommand.ROLLED_BACK), "a guarded release was rolled back");
            }
            if (command == cli || name.equals("drift")) {
                codes.put(String.valueOf(DriftCommand.DRIFTED), "drift: the live schema differs from the release's");
            }
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
    }

    /** Exit code of a command that failed. */
    static final int FAILED = 1;
    /** Exit code of a usage error: a missing, conflicting or malformed option. */
    static final int USAGE = 2;
    /** Refusals of what was given on the command line rather than of what is in the database. */
    private static final Set<ErrorCode> USAGE_ERRORS = EnumSet.of(ErrorCode.INVALID_CONFIGURATION,
            ErrorCode.UNKNOWN_SCHEMA);

    private static String sentence(String message) {
        String one = String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
        return one.endsWith(".") ? one : one + ".";
    }

    private static String logFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-file") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--log-file=")) {
                return args[i].substring("--log-file=".length());
            }
        }
        return null;
    }

    /**
     * The CLI prints its own lines. Liquibase's own log (which prints a stack trace for a failing changeset) is off
     * unless {@code --verbose} asks for it; {@code --log-file} sends the log to a file, Liquibase's included.
     */
    private static void configureLogging(boolean verbose, String logFile) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose || logFile != null ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.logFile", logFile != null ? logFile : "System.err");
        setDefault("org.slf4j.simpleLogger.log.liquibase", verbose || logFile != null ? "info" : "off");
        // Liquibase warns that it could not release a lock it never took when previewing SQL on an empty database.
        setDefault("org.slf4j.simpleLogger.log.liquibase.lockservice", "error");
        // The changelog extensions (e.g. batched backfills) report the progress of long steps at INFO.
        setDefault("org.slf4j.simpleLogger.log.io.dbsteps.ext", "info");
        setDefault("org.slf4j.simpleLogger.log.io.dbsteps.ext.DbStepsLockService", "warn");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showDateTime", logFile != null ? "true" : "false");
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
