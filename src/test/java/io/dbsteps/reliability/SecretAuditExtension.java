package io.dbsteps.reliability;

import io.dbsteps.testing.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The secret audit, registered for every test class through {@code META-INF/services} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}. A test fails when a
 * password registered in {@link Secrets} (or any unmasked password in a URL) shows in:
 * <ul>
 *   <li>anything printed to {@code System.out} or {@code System.err} (SLF4J through slf4j-simple, stack traces) or
 *       logged through {@code java.util.logging}, while the test ran: checked after each test, and after the class
 *       for its {@code @BeforeAll}/{@code @AfterAll} work;</li>
 *   <li>text a test recorded with {@link Secrets#record} (the in-process CLI's output);</li>
 *   <li>a test's failure, with its whole stack trace, causes and suppressed exceptions included: the failure is
 *       replaced by one that says so, masked, so the report does not spread the password;</li>
 *   <li>the message of any exception of dbsteps' own classes created while the class ran, even one the test caught
 *       ({@link ExceptionMessages}): checked after the class.</li>
 * </ul>
 * It is public only because the service loader instantiates it.
 */
public final class SecretAuditExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SecretAuditExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        CapturedOutput.ensureInstalled();
        if (topLevel(context)) {
            context.getStore(NS).put(ExceptionMessages.class, ExceptionMessages.start());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnLeaks(context, capturedLeaks());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<LeakScanner.Leak> leaks = capturedLeaks();
        ExceptionMessages exceptions = context.getStore(NS).remove(ExceptionMessages.class, ExceptionMessages.class);
        if (exceptions != null) {
            Set<String> passwords = Secrets.registered();
            for (String message : exceptions.stop()) {
                leaks.addAll(LeakScanner.scan("message of an exception dbsteps created", message, passwords));
            }
        }
        failOnLeaks(context, leaks);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw checked(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw checked(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw checked(throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw checked(throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw checked(throwable);
    }

    /** The failure itself if it holds no password; otherwise a failure that says where one is, masked. */
    static Throwable checked(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        Set<String> passwords = Secrets.registered();
        List<LeakScanner.Leak> leaks = LeakScanner.scan("the test's failure", trace.toString(), passwords);
        if (leaks.isEmpty()) {
            return failure;
        }
        AssertionError masked = new AssertionError(describe(leaks) + "\nThe failure, masked: "
                + LeakScanner.mask(failure.toString(), passwords));
        masked.setStackTrace(failure.getStackTrace());
        return masked;
    }

    private static List<LeakScanner.Leak> capturedLeaks() {
        CapturedOutput.ensureInstalled();
        Set<String> passwords = Secrets.registered();
        List<LeakScanner.Leak> leaks = new ArrayList<>(
                LeakScanner.scan("printed or logged output", CapturedOutput.drain(), passwords));
        for (String recorded : Secrets.drainRecorded()) {
            leaks.addAll(LeakScanner.scan("output recorded by the test", recorded, passwords));
        }
        return leaks;
    }

    private static void failOnLeaks(ExtensionContext context, List<LeakScanner.Leak> leaks) {
        if (!leaks.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + ": " + describe(leaks));
        }
    }

    private static String describe(List<LeakScanner.Leak> leaks) {
        StringBuilder sb = new StringBuilder("a password appears where it must never be (" + leaks.size()
                + (leaks.size() == 1 ? " place" : " places") + "; passwords masked as ****):");
        leaks.stream().limit(20).forEach(l -> sb.append("\n  ").append(l));
        return sb.toString();
    }

    private static boolean topLevel(ExtensionContext context) {
        return context.getParent().map(p -> p.getParent().isEmpty()).orElse(false);
    }
}
