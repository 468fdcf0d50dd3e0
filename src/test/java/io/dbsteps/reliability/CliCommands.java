package io.dbsteps.reliability;

import io.dbsteps.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs several CLI commands in one JVM, as {@code dbsteps} would run them one after another (the password from
 * {@code DBSTEPS_PASSWORD}, logs on the console), and prints each command's output between markers with its exit
 * code. Arguments: the commands, separated by {@link #NEXT}.
 */
final class CliCommands {
    static final String NEXT = "--next-command--";
    private static final Pattern BLOCK = Pattern.compile("(?s)=== command (\\d+)\\n(.*?)=== exit (\\d+)\\n");

    private CliCommands() {
    }

    public static void main(String[] args) {
        List<String> all = Arrays.asList(args);
        int i = 0;
        for (int from = 0; from <= all.size(); i++) {
            int to = all.subList(from, all.size()).indexOf(NEXT);
            to = to < 0 ? all.size() : from + to;
            System.out.println("=== command " + i);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(all.subList(from, to).toArray(String[]::new), new PrintWriter(out, true),
                    new PrintWriter(err, true));
            System.err.flush();
            System.out.print(out);
            System.out.print(err);
            System.out.println("=== exit " + code);
            System.out.flush();
            from = to + 1;
        }
    }

    /** Each command's exit code and everything printed while it ran, logs included. */
    static List<CliSecretsTest.Printed> parse(String output) {
        List<CliSecretsTest.Printed> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(output.replace("\r\n", "\n"));
        while (m.find()) {
            out.add(new CliSecretsTest.Printed(Integer.parseInt(m.group(3)), m.group(2)));
        }
        return out;
    }
}
