package io.dbsteps.cli;

import io.dbsteps.testing.Secrets;
import io.dbsteps.testing.TestDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process for tests in other packages. */
public final class CliRunner {
    private CliRunner() {
    }

    /** What a run printed and returned. */
    public record Run(int code, String out, String err) {
    }

    /** Runs the CLI on a test database: the arguments, then its --url, --user and --password. */
    public static Run on(TestDb db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", db.url()));
        if (db.user() != null) {
            all.addAll(List.of("--user", db.user()));
        }
        if (db.password() != null) {
            all.addAll(List.of("--password", db.password()));
        }
        return run(all.toArray(String[]::new));
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        Secrets.record("dbsteps CLI", out + "\n" + err); // for the secret audit
        return new Run(code, out.toString(), err.toString());
    }
}
