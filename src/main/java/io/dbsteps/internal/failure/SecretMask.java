package io.dbsteps.internal.failure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a message or a log line: the configured password, and any
 * {@code password=} value embedded in a JDBC URL. A password of {@value #SHORT} characters or more is masked wherever
 * it appears. A shorter one is masked only where it stands alone (not inside a word or a URL), because masking it
 * inside words would garble the message and show which letters the password is made of
 * ({@code jdbc:po****tgre****ql} for the password {@code s}).
 */
public final class SecretMask {
    public static final String MASK = "****";
    /** The length from which a password is masked even inside other text. */
    static final int SHORT = 8;
    /** A password given as a URL or connection property: {@code password=...}, {@code pwd=...}. */
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=\\s*)([^&;\\s,)'\"]+)");
    /** A password in a URL's user information: {@code //user:secret@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]+)(@)");

    public static final SecretMask NONE = new SecretMask(List.of());

    private final List<String> secrets;

    private SecretMask(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A mask for the given password and for every password embedded in the given URL. */
    public static SecretMask of(String password, String url) {
        List<String> secrets = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        if (url != null) {
            for (Pattern p : new Pattern[] {URL_PASSWORD, USER_INFO}) {
                Matcher m = p.matcher(url);
                while (m.find()) {
                    secrets.add(m.group(2));
                }
            }
        }
        return new SecretMask(List.copyOf(secrets));
    }

    /** This mask, and also the given secret (e.g. a password's decoded form). */
    public SecretMask with(String secret) {
        if (secret == null || secret.isEmpty() || secrets.contains(secret)) {
            return this;
        }
        List<String> more = new ArrayList<>(secrets);
        more.add(secret);
        return new SecretMask(List.copyOf(more));
    }

    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = secret.length() >= SHORT ? out.replace(secret, MASK)
                    : out.replaceAll("(?<![\\w.:/@%-])" + Pattern.quote(secret) + "(?![\\w.:/@%-])",
                            Matcher.quoteReplacement(MASK));
        }
        out = URL_PASSWORD.matcher(out).replaceAll("$1" + MASK);
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "$3");
    }

    /** True if the text, or the message of any throwable in the chain, would be changed by this mask. */
    public boolean touches(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.equals(apply(m))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /**
     * Returns the throwable itself if no message in its chain holds a secret; otherwise a copy of the chain whose
     * messages are masked, keeping each original class name and stack trace.
     */
    public Throwable scrub(Throwable t) {
        if (t == null || !touches(t)) {
            return t;
        }
        Throwable cause = t.getCause() == t ? null : scrub(t.getCause());
        Throwable copy = new ScrubbedException(t.getClass().getName() + ": " + apply(t.getMessage()), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for an exception whose message held a secret. */
    public static final class ScrubbedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScrubbedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
