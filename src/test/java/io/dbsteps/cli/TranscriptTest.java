package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden transcripts: what a release manager sees, command by command, on an SQLite file. One transcript per
 * command's normal output and one per kind of failure (usage error, each failure code, a release rolled back, drift),
 * each compared in full with {@code src/test/resources/transcripts/<name>.txt}. Paths, times and process names are
 * replaced by placeholders. After a deliberate change of the output, run with {@code -Ddbsteps.transcripts.write=true}
 * to write the files, and read their diff before committing it.
 */
class TranscriptTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "transcripts");
    private static final Pattern DURATION = Pattern.compile("( +)(\\d+(?:\\.\\d+)? (?:ms|s))\\b");

    @TempDir
    Path dir;

    private final List<String> mismatches = new ArrayList<>();

    @Test
    void everyCommandAndEveryFailureReadsAsItsTranscript() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("app.db");
        String[] db = {"--schema", "codorch", "--url", url};

        check("schemas", run("schemas"));
        check("status-new", run(db, "status"));
        check("update", run(db, "update"));
        check("status-up-to-date", run(db, "status"));
        check("tag", run(db, "tag", "before-hotfix"));
        check("history", run(db, "history"));
        check("validate", run(db, "validate"));
        check("drift-clean", run(db, "drift"));
        check("rollback-dry-run", run(db, "rollback", "--count", "2", "--dry-run"));
        check("rollback", run(db, "rollback", "--count", "2"));
        check("update-again", run(db, "update"));

        check("error-usage", run(db, "update", "--to", "1.0", "--count", "2"));
        check("error-unknown-schema", run("status", "--schema", "nosuch", "--url", url));
        check("error-unknown-parameter", run(db, "update", "-P", "nosuch=1"));
        check("error-unknown-tag", run(db, "rollback", "--to", "9.9"));
        check("error-connection", run("status", "--schema", "codorch", "--url",
                "jdbc:sqlite:" + dir.resolve("missing").resolve("app.db")));
        check("error-locked", locked(dir.resolve("app.db.dbsteps_codorch_lock"), db));
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE users ADD COLUMN nickname VARCHAR(40)");
        }
        check("error-drift", run(db, "drift"));

        String notes = "jdbc:sqlite:" + dir.resolve("notes.db");
        run("update", "--changelog", "checksum/original/changelog.yaml", "--table-prefix", "notes", "--url", notes);
        check("error-checksum", run("validate", "--changelog", "checksum/edited/changelog.yaml", "--table-prefix",
                "notes", "--url", notes));
        check("error-changeset", run("update", "--changelog", "failing/changelog.yaml", "--table-prefix", "app",
                "--url", "jdbc:sqlite:" + dir.resolve("fail.db")));
        check("release-rolled-back", run("release", "--schema", "codorch", "--to", "1.0", "--check-sql",
                "SELECT 1 = 0", "--url", "jdbc:sqlite:" + dir.resolve("release.db")));

        assertThat(mismatches).as("transcripts that differ (rerun with -Ddbsteps.transcripts.write=true after a "
                + "deliberate change)").isEmpty();
    }

    private String locked(Path lockFile, String[] db) throws IOException {
        try (FileChannel held = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            held.write(java.nio.ByteBuffer.wrap("dbsteps 4242@build-host since 2026-12-03T10:00:00Z"
                    .getBytes(StandardCharsets.UTF_8)));
            try (FileLock lock = held.lock()) {
                return run(db, "update", "--lock-wait", "0");
            }
        }
    }

    private String run(String[] db, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(1, List.of(db));
        return run(args.toArray(String[]::new));
    }

    private String run(String... args) {
        CliRunner.Run r = CliRunner.run(args);
        StringBuilder t = new StringBuilder("$ dbsteps");
        for (String a : args) {
            t.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        }
        t.append('\n').append(r.out());
        if (!r.err().isEmpty()) {
            t.append("[stderr]\n").append(r.err());
        }
        return normalize(t.append("[exit ").append(r.code()).append("]\n").toString());
    }

    private String normalize(String text) {
        String out = text.replace(dir.toString(), "<dir>")
                .replaceAll("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z?", "<time>")
                // an instant prints as many fraction digits as it needs, so its column's width varies
                .replaceAll("<time>[ ]+", "<time>  ").replaceAll("APPLIED AT[ ]+", "APPLIED AT  ")
                .replaceAll("dbsteps \\d+@\\S+", "dbsteps <pid>@<host>");
        // a step's duration is right-aligned in 8 columns: keep the padding before the column, drop the figure's own
        Matcher m = DURATION.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int before = m.group(1).length() - Math.max(0, 8 - m.group(2).length());
            m.appendReplacement(b, " ".repeat(Math.max(1, before)) + "<duration>");
        }
        return m.appendTail(b).toString().replaceAll("[ ]+\n", "\n");
    }

    private void check(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("dbsteps.transcripts.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
            return;
        }
        String expected = Files.exists(file) ? Files.readString(file) : "(no transcript " + file + ")";
        if (!expected.equals(actual)) {
            mismatches.add(name + ":\n--- expected\n" + expected + "--- actual\n" + actual);
        }
    }
}
