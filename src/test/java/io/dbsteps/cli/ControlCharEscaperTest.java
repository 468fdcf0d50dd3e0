package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Text from the database cannot drive the terminal: the CLI escapes control characters in everything it prints. */
class ControlCharEscaperTest {
    @Test
    void aTagWrittenWithEscapeAndBellByAnotherClientIsPrintedEscaped() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE)) {
            assertThat(CliRunner.run("update", "--schema", "codorch", "--url", db.url()).code()).isZero();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE dbsteps_codorch_log SET tag = 'evil' || char(27) || ']0;pwned' || char(7) "
                        + "WHERE orderexecuted = (SELECT MAX(orderexecuted) FROM dbsteps_codorch_log)");
            }
            for (String command : new String[] {"history", "status"}) {
                CliRunner.Run r = CliRunner.run(command, "--schema", "codorch", "--url", db.url());
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.out() + r.err()).as(command).doesNotContain("\u001b").doesNotContain("\u0007")
                        .contains("evil\\x1B]0;pwned\\x07");
            }
        }
    }

    @Test
    void onlyTheCliOwnColourCodesPassAndOnlyWithColourOn() {
        String text = "\u001b[32mapplied\u001b[0m tag\u001b]0;t\u0007 line\n\ttab\u009b";
        assertThat(ControlCharEscaper.escape(text, true))
                .isEqualTo("\u001b[32mapplied\u001b[0m tag\\x1B]0;t\\x07 line\n\ttab\\x9B");
        assertThat(ControlCharEscaper.escape(text, false))
                .isEqualTo("\\x1B[32mapplied\\x1B[0m tag\\x1B]0;t\\x07 line\n\ttab\\x9B");
    }
}
