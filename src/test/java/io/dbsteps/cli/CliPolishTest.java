package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbsteps.AppliedChange;
import io.dbsteps.DbSteps;
import io.dbsteps.HistoryResult;
import io.dbsteps.PendingChange;
import io.dbsteps.testing.Secrets;
import io.dbsteps.testing.TestDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine.Command;

/** Help with examples on every command, JSON for scripts, progress of long commands, and colour rules. */
class CliPolishTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ESC = "\u001B[";

    record Run(int code, String out, String err) {
    }

    static Run cli(Style style, TestDb db, String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        if (db != null) {
            full.addAll(List.of("--url", db.url()));
            if (db.user() != null) {
                full.addAll(List.of("--user", db.user()));
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(full.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), style);
        Secrets.record("dbsteps CLI", out + "\n" + err); // for the secret audit
        return new Run(code, out.toString(), err.toString());
    }

    static List<String> commandNames() {
        return Arrays.stream(Main.class.getAnnotation(Command.class).subcommands())
                .map(c -> c.getAnnotation(Command.class).name()).toList();
    }

    @Test
    void everyCommandsHelpEndsWithExamplesOfThatCommand() {
        assertThat(commandNames()).contains("update", "rollback", "tag", "status", "history", "sql", "validate",
                "release", "drift", "adopt", "schemas");
        for (String name : commandNames()) {
            Run help = cli(Style.PLAIN, null, name, "--help");
            assertThat(help.code()).as(name).isZero();
            assertThat(help.out()).as("dbsteps %s --help", name).containsPattern("(?m)^Examples?:$")
                    .containsPattern("(?m)^  dbsteps " + name + "( |$)");
        }
        assertThat(cli(Style.PLAIN, null, "--help").out()).contains("Examples:").contains("NO_COLOR");
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void statusAndHistoryPrintJsonThatSaysWhatTheApiSays(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            DbSteps api = db.configure().schema("codorch").load();
            List<PendingChange> pending = api.status().pending();

            JsonNode before = JSON.readTree(cli(Style.PLAIN, db, "status", "--schema", "codorch", "--json").out());
            assertThat(before.get("schema").asText()).isEqualTo("codorch");
            assertThat(before.get("currentTag").isNull()).isTrue();
            assertThat(before.get("upToDate").asBoolean()).isFalse();
            assertThat(ids(before.get("pending"))).isEqualTo(pending.stream().map(PendingChange::id).toList())
                    .hasSize(16);
            JsonNode last = before.get("pending").get(15);
            assertThat(last.get("tag").asText()).isEqualTo("1.0");
            assertThat(last.get("file").asText()).isEqualTo("dbsteps/codorch/1.0.yaml");
            assertThat(last.get("description").asText()).isEqualTo(pending.get(15).description());

            assertThat(cli(Style.PLAIN, db, "update", "--schema", "codorch").code()).isZero();
            HistoryResult history = api.history();
            Run historyRun = cli(Style.PLAIN, db, "history", "--schema", "codorch", "--json");
            assertThat(historyRun.out()).startsWith("{").doesNotContain("APPLIED AT");
            JsonNode applied = JSON.readTree(historyRun.out());
            assertThat(applied.get("currentTag").asText()).isEqualTo("1.0");
            assertThat(ids(applied.get("applied"))).isEqualTo(history.applied().stream().map(AppliedChange::id).toList());
            for (int i = 0; i < history.applied().size(); i++) {
                AppliedChange a = history.applied().get(i);
                JsonNode row = applied.get("applied").get(i);
                assertThat(row.get("checksum").asText()).isEqualTo(a.checksum()).startsWith("9:");
                assertThat(row.get("author").asText()).isEqualTo("dbsteps");
                assertThat(row.get("outcome").asText()).isEqualTo("EXECUTED");
                assertThat(Instant.parse(row.get("executedAt").asText())).isEqualTo(a.executedAt());
                assertThat(row.get("tag").isNull()).isEqualTo(a.tag() == null);
            }

            JsonNode after = JSON.readTree(cli(Style.PLAIN, db, "status", "--schema", "codorch", "--json").out());
            assertThat(after.get("upToDate").asBoolean()).isTrue();
            assertThat(after.get("currentTag").asText()).isEqualTo("1.0");
            assertThat(after.get("pending").isArray()).isTrue();
            assertThat(after.get("pending")).isEmpty();
        }
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("id").asText()).toList();
    }

    @Test
    void jsonEscapesEverythingJsonRequires() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("quote\"back\\slash", "line\nbreak\ttab\rreturn\b\f");
        doc.put("control", "\u0001\u001F end");
        doc.put("separators", "\u2028\u2029");
        doc.put("unicode", "Grüße, 日本");
        doc.put("nothing", null);
        doc.put("numbers", List.of(1, 2L, true));
        doc.put("empty", List.of());
        doc.put("instant", Instant.parse("2026-01-02T03:04:05Z"));
        JsonNode parsed = JSON.readTree(Json.write(doc));
        assertThat(parsed.get("quote\"back\\slash").asText()).isEqualTo("line\nbreak\ttab\rreturn\b\f");
        assertThat(parsed.get("control").asText()).isEqualTo("\u0001\u001F end");
        assertThat(parsed.get("separators").asText()).isEqualTo("\u2028\u2029");
        assertThat(parsed.get("unicode").asText()).isEqualTo("Grüße, 日本");
        assertThat(parsed.get("nothing").isNull()).isTrue();
        assertThat(parsed.get("numbers").toString()).isEqualTo("[1,2,true]");
        assertThat(parsed.get("empty").isEmpty()).isTrue();
        assertThat(parsed.get("instant").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void colourOnlyOnATerminalNeverWithNoColorOrADumbTerminal() {
        assertThat(Style.detect(Map.of(), true).colour()).isTrue();
        assertThat(Style.detect(Map.of("TERM", "xterm-256color"), true).colour()).isTrue();
        assertThat(Style.detect(Map.of(), false).colour()).as("not a terminal").isFalse();
        assertThat(Style.detect(Map.of("NO_COLOR", "1"), true).colour()).as("NO_COLOR=1").isFalse();
        assertThat(Style.detect(Map.of("NO_COLOR", "false"), true).colour()).as("any non-empty value").isFalse();
        assertThat(Style.detect(Map.of("NO_COLOR", ""), true).colour()).as("empty NO_COLOR is unset").isTrue();
        assertThat(Style.detect(Map.of("TERM", "dumb"), true).colour()).isFalse();
        assertThat(Style.isTerminal(null)).isFalse();
    }

    @Test
    void colourMarksErrorsAndOutcomesAndTheTextStaysTheSame() {
        try (TestDb coloured = TestDb.create(TestDb.Kind.SQLITE); TestDb plain = TestDb.create(TestDb.Kind.SQLITE)) {
            Style on = new Style(true);
            Run error = cli(on, coloured, "rollback", "--schema", "codorch", "--to", "9.9");
            assertThat(error.code()).isEqualTo(1);
            assertThat(error.err()).startsWith(ESC + "31merror [UNKNOWN_TAG]" + ESC + "0m: Schema codorch: tag '9.9'");

            Run update = cli(on, coloured, "update", "--schema", "codorch");
            Run updatePlain = cli(Style.PLAIN, plain, "update", "--schema", "codorch");
            assertThat(update.out()).contains(ESC + "32m16 changesets applied" + ESC + "0m")
                    .contains(ESC + "32mapplied    " + ESC + "0m  1.0-01-create-users");
            assertThat(updatePlain.out()).doesNotContain(ESC);
            assertThat(withoutDurations(stripAnsi(update.out()))).isEqualTo(withoutDurations(updatePlain.out()));

            assertThat(cli(on, coloured, "status", "--schema", "codorch").out()).contains(ESC + "32mup to date" + ESC);
            Run help = cli(on, null, "status", "--help");
            assertThat(help.out()).as("picocli's help follows the same rule").contains(ESC);
            assertThat(cli(Style.PLAIN, null, "status", "--help").out()).doesNotContain(ESC);
            assertThat(cli(Style.PLAIN, plain, "rollback", "--schema", "codorch", "--to", "9.9").err())
                    .doesNotContain(ESC).startsWith("error [UNKNOWN_TAG]");
        }
    }

    private static String stripAnsi(String s) {
        return s.replaceAll("\u001B\\[[0-9;]*m", "");
    }

    private static String withoutDurations(String s) {
        return s.replaceAll(" +\\d+(\\.\\d)? m?s", " T");
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void aReleaseShowsEachStepAsItGoesAndSaysWhenItRollsBack(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            String[] safety = {"--changelog", "safety/full.yaml", "--table-prefix", "safety"};
            assertThat(cli(Style.PLAIN, db, concat(new String[] {"update", "--to", "1.0"}, safety)).code()).isZero();
            Run failed = cli(Style.PLAIN, db, concat(new String[] {"release", "--to", "3.0", "--check-sql",
                "SELECT COUNT(*) > 0 FROM audits"}, safety));
            assertThat(failed.code()).as(failed.err()).isEqualTo(ReleaseCommand.ROLLED_BACK);
            List<String> lines = failed.out().lines().toList();
            assertThat(lines.get(0)).isEqualTo("safety: releasing 3.0; every pending step is checked first, the check "
                    + "runs after the update.");
            int turn = lines.indexOf("  the release failed; rolling back:");
            assertThat(turn).isPositive();
            assertThat(lines.subList(1, turn)).hasSize(6).allMatch(l -> l.startsWith("  applied "));
            assertThat(lines.subList(turn + 1, turn + 7)).allMatch(l -> l.startsWith("  rolled back  "));
            assertThat(lines.get(lines.size() - 1)).startsWith("safety: release of 3.0 rolled back to 1.0 because");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = "SQLITE")
    void aRollbackShowsItsPlanThenEachStepAsItIsUndone(TestDb.Kind kind) {
        try (TestDb db = TestDb.create(kind)) {
            assertThat(cli(Style.PLAIN, db, "update", "--schema", "codorch").code()).isZero();
            List<String> lines = cli(Style.PLAIN, db, "rollback", "--schema", "codorch", "--count", "16").out()
                    .lines().toList();
            assertThat(lines.get(0)).isEqualTo("codorch: rollback plan, tag 1.0 -> (none), 16 changesets:");
            int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("  rolled back")).findFirst().orElseThrow());
            assertThat(first).as("the plan comes before the first step").isGreaterThan(16);
            assertThat(lines.subList(first, first + 16)).allMatch(l -> l.startsWith("  rolled back  "));
            assertThat(lines.get(first)).contains("1.0-tag");
            assertThat(lines.get(first + 16)).startsWith("codorch: 16 changesets rolled back in");
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
