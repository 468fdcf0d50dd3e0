package io.dbsteps.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Whether the CLI colours its output, and how. Colour is used only when the output is an interactive terminal, and
 * never when {@code NO_COLOR} is set to a non-empty value (see no-color.org) or {@code TERM} is {@code dumb}. Only
 * outcomes and errors are coloured; the text is the same with or without colour.
 *
 * @param colour whether ANSI colour codes are written
 */
record Style(boolean colour) {
    /** No colour: output that goes to a file, a pipe or a test. */
    static final Style PLAIN = new Style(false);

    private static final String RESET = "\u001B[0m";

    /**
     * Decides from the environment and whether the output is a terminal.
     *
     * @param env      the environment variables
     * @param terminal whether the output is an interactive terminal
     * @return the style to use
     */
    static Style detect(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        boolean refused = (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
        return new Style(terminal && !refused);
    }

    /** @return the style for this process's standard output */
    static Style forThisProcess() {
        return detect(System.getenv(), isTerminal(System.console()));
    }

    /**
     * Whether the process talks to a terminal. Up to Java 21 a console exists only then; from Java 22 one exists
     * even when the streams are redirected, and {@code Console.isTerminal()} tells the two apart.
     */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** @return the text marked as a failure (red) */
    String failure(String text) {
        return paint("31", text);
    }

    /** @return the text marked as a success (green) */
    String success(String text) {
        return paint("32", text);
    }

    /** @return the text marked as needing attention (yellow) */
    String attention(String text) {
        return paint("33", text);
    }

    private String paint(String code, String text) {
        return colour ? "\u001B[" + code + "m" + text + RESET : text;
    }

    /** What knows the style of the command being run: the root command, for its subcommands. */
    interface Source {
        /** @return the style of this run */
        Style style();
    }
}
