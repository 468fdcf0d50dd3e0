package io.dbsteps.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passwords the tests configure, and text the tests capture themselves, for the secret audit
 * ({@code io.dbsteps.reliability.SecretAuditExtension}). The audit fails a test when a registered password appears in
 * anything printed or logged in the test JVM, in the message of any exception dbsteps creates, in a test's failure,
 * or in text recorded here (the in-process CLI's output).
 *
 * <p>The rule for registering: register every password a test hands to dbsteps, the test database's own included.
 * A password shorter than {@link #MIN_LENGTH} characters cannot be told apart from ordinary words in a log line
 * ("test" is Testcontainers' default), so {@link #register} refuses it; a test that makes one up chooses a longer one.
 * A password that comes from the environment is registered only when it is long enough.
 */
public final class Secrets {
    /** The shortest password the audit looks for. */
    public static final int MIN_LENGTH = 6;

    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();
    private static final List<String> RECORDED = new ArrayList<>();

    private Secrets() {
    }

    /**
     * Registers a password a test made up and configures, and returns it, so that a test can write
     * {@code .url(url, user, Secrets.register("s3cret-pw"))}.
     *
     * @throws IllegalArgumentException if it is shorter than {@link #MIN_LENGTH}: the audit could not look for it
     */
    public static String register(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a password the secret audit looks for has at least " + MIN_LENGTH
                    + " characters; choose a longer one");
        }
        REGISTERED.add(password);
        return password;
    }

    /** Registers a password that comes from outside the tests (the environment, a container), if long enough. */
    static void registerIfAuditable(String password) {
        if (password != null && password.length() >= MIN_LENGTH) {
            REGISTERED.add(password);
        }
    }

    /** Every password registered so far in this JVM. */
    public static Set<String> registered() {
        return Set.copyOf(REGISTERED);
    }

    /** Text a test captured itself (e.g. the output of the CLI run in-process), for the audit to scan. */
    public static void record(String source, String text) {
        if (text != null && !text.isEmpty()) {
            synchronized (RECORDED) {
                RECORDED.add("[" + source + "] " + text);
            }
        }
    }

    /** The text recorded since the last call, which it forgets. */
    public static List<String> drainRecorded() {
        synchronized (RECORDED) {
            List<String> out = List.copyOf(RECORDED);
            RECORDED.clear();
            return out;
        }
    }
}
