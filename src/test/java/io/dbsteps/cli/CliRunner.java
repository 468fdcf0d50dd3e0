package io.dbsteps.cli;

import io.dbsteps.testing.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process for tests in other packages. */
public final class CliRunner {
    private CliRunner() {
    }

    /** What a run printed and returned. */
    public record Run(int code, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        Secrets.record("dbsteps CLI", out + "\n" + err); // for the secret audit
        return new Run(code, out.toString(), err.toString());
    }
}
