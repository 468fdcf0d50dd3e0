package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.testing.Secrets;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.Test;

/**
 * The secret audit can fail: each of its sources records what passes through it, and the scanner finds a password
 * in every form it can take in a line, and leaves masked text alone. The passwords here are made up per test and not
 * registered (except where a test says so), so that the audit running around these tests does not trip on them;
 * only the URL forms, which the audit flags registered or not, are kept out of the streams.
 */
class SecretAuditSelfTest {
    private static final String PW = "audit-" + UUID.randomUUID().toString().substring(0, 8);

    private static List<LeakScanner.Leak> scan(String text) {
        return LeakScanner.scan("self-test", text, List.of(PW));
    }

    @Test
    void aPasswordIsFoundInEveryFormItTakesInALine() {
        assertThat(scan("Could not connect to jdbc:postgresql://db:5432/app?user=app&password=" + PW + "&ssl=true"))
                .hasSize(2).allSatisfy(l -> assertThat(l.line()).doesNotContain(PW).contains("password=****"));
        assertThat(scan("jdbc:postgresql://db/app?password=" + PW)).isNotEmpty();
        assertThat(scan("could not reach jdbc:mysql://root:" + PW + "@db:3306/app")).isNotEmpty();
        assertThat(scan("login as app with " + PW + " failed")).hasSize(1);
        assertThat(scan("a line\n\tat some.Frame(Frame.java:1)\nCaused by: x: " + PW)).hasSize(1);
        String special = "p@ss w0rd&" + PW;
        assertThat(LeakScanner.scan("self-test", "jdbc:postgresql://db/app?password=p%40ss+w0rd%26" + PW,
                List.of(special))).as("URL-encoded").isNotEmpty();
        assertThat(scan("jdbc:sqlserver://db;user=app;password=unregistered-but-plain"))
                .as("any password written into a URL, registered or not").hasSize(1);
    }

    @Test
    void maskedTextAndProseAreNotFlagged() {
        assertThat(scan("Could not connect to jdbc:postgresql://db:5432/app?user=app&password=****&ssl=true")).isEmpty();
        assertThat(scan("jdbc:postgresql://db/app?password=***")).isEmpty();
        assertThat(scan("jdbc:mysql://root:****@db:3306/app")).isEmpty();
        assertThat(scan("<url>jdbc:postgresql://db/app?password=${db.password}</url>")).isEmpty();
        assertThat(scan("FATAL: password authentication failed for user \"app\"")).isEmpty();
        assertThat(scan("dbsteps update -P educare_admin_password_hash=$2b$12$abc")).isEmpty();
        assertThat(scan("jdbc:postgresql://127.0.0.1:5432/dbsteps_t_1?connectTimeout=5")).isEmpty();
        assertThat(LeakScanner.mask("x jdbc:p://h/d?password=" + PW + " and " + PW, List.of(PW))).doesNotContain(PW);
    }

    @Test
    void theAuditIsActiveInThisClass() {
        // Neither installed nor started here: the extension did it, found through META-INF/services.
        System.err.println("audit marker " + PW);
        assertThat(CapturedOutput.drain()).contains("audit marker " + PW);
        assertThat(FlightRecorder.getFlightRecorder().getRecordings())
                .anySatisfy(r -> {
                    assertThat(r.getName()).isEqualTo("dbsteps secret audit");
                    assertThat(r.getState()).isEqualTo(RecordingState.RUNNING);
                });
    }

    @Test
    void whatIsPrintedOrLoggedIsCaptured() {
        System.err.println("SLF4J would write here: " + PW);
        Logger.getLogger("org.postgresql.test").warning("java.util.logging: " + PW);
        String captured = CapturedOutput.drain();
        assertThat(captured).contains("SLF4J would write here: " + PW).contains("java.util.logging: " + PW);
        assertThat(scan(captured)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theMessageOfEveryExceptionDbstepsCreatesIsRecordedEvenWhenCaught() {
        ExceptionMessages recording = ExceptionMessages.start();
        try {
            throw new DbStepsException(ErrorCode.CONNECTION_FAILED, "caught, never shown: " + PW);
        } catch (DbStepsException expected) {
            // a test that catches it and checks something else
        }
        new IllegalStateException("not dbsteps' own: " + PW);
        List<String> messages = recording.stop();
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("io.dbsteps.DbStepsException: ").contains(PW));
        assertThat(messages).noneSatisfy(m -> assertThat(m).contains("not dbsteps' own"));
    }

    @Test
    void aFailureHoldingARegisteredPasswordIsReplacedByAMaskedOne() {
        String registered = Secrets.register("audit-registered-" + UUID.randomUUID().toString().substring(0, 8));
        Throwable leaky = new RuntimeException("outer", new IllegalStateException("inner " + registered));
        Throwable checked = SecretAuditExtension.checked(leaky);
        assertThat(checked).isInstanceOf(AssertionError.class).hasMessageContaining("a password appears")
                .hasMessageContaining("the test's failure");
        assertThat(checked.getMessage()).doesNotContain(registered);
        Throwable clean = new RuntimeException("nothing secret");
        assertThat(SecretAuditExtension.checked(clean)).isSameAs(clean);
    }
}
