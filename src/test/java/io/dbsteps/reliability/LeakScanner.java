package io.dbsteps.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds passwords in captured text: any registered password (also URL-encoded, as it would appear inside a URL), and
 * any password written into a URL, registered or not ({@code ?password=...}, {@code ;pwd=...},
 * {@code //user:secret@host}) unless it is masked ({@code password=****}) or a placeholder ({@code ${db.password}}).
 * What it reports is masked, so that a report never spreads the leak it describes.
 */
final class LeakScanner {
    /** A password as a URL parameter. */
    private static final Pattern URL_PARAMETER = Pattern.compile(
            "(?i)\\b[a-z][a-z0-9+.-]*:[^\\s'\"<>]*?[?&;](?:password|passwd|pwd)=([^&;\\s'\"<>),]*)");
    /** A password in a URL's user information. */
    private static final Pattern URL_USER_INFO = Pattern.compile(
            "(?i)\\b[a-z][a-z0-9+.-]*://[^/\\s:@'\"<>]+:([^@/\\s'\"<>]*)@");
    /** What may stand where a URL's password would be. */
    private static final Pattern MASKED = Pattern.compile("\\*+|\\$\\{[^}]*\\}|<[^>]*>");
    private static final int EXCERPT = 240;

    /** One place where a password shows: where the text came from, and the line, masked. */
    record Leak(String source, String what, String line) {
        @Override
        public String toString() {
            return source + ": " + what + " in: " + line;
        }
    }

    private LeakScanner() {
    }

    static List<Leak> scan(String source, String text, Collection<String> passwords) {
        List<Leak> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        Set<String> needles = needles(passwords);
        for (String line : (Iterable<String>) text.lines()::iterator) {
            for (String needle : needles) {
                if (line.contains(needle)) {
                    out.add(new Leak(source, "a configured password", excerpt(line, needle, needles)));
                    break;
                }
            }
            for (Pattern p : new Pattern[] {URL_PARAMETER, URL_USER_INFO}) {
                Matcher m = p.matcher(line);
                while (m.find()) {
                    if (!m.group(1).isEmpty() && !MASKED.matcher(m.group(1)).matches()) {
                        out.add(new Leak(source, "an unmasked password in a URL", excerpt(line, m.group(1), needles)));
                    }
                }
            }
        }
        return out;
    }

    /** The text with every registered password, and every password in a URL, replaced by {@code ****}. */
    static String mask(String text, Collection<String> passwords) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String needle : needles(passwords)) {
            out = out.replace(needle, "****");
        }
        out = replaceGroup(URL_PARAMETER, out);
        return replaceGroup(URL_USER_INFO, out);
    }

    private static String replaceGroup(Pattern p, String text) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String whole = m.group();
            int at = m.start(1) - m.start();
            m.appendReplacement(sb, Matcher.quoteReplacement(whole.substring(0, at) + "****"
                    + whole.substring(at + m.group(1).length())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The passwords as they appear in text: as given, and URL-encoded where that differs. */
    private static Set<String> needles(Collection<String> passwords) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : passwords) {
            if (p == null || p.isEmpty()) {
                continue;
            }
            out.add(p);
            out.add(URLEncoder.encode(p, StandardCharsets.UTF_8));
            out.add(URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out;
    }

    private static String excerpt(String line, String around, Set<String> needles) {
        int at = Math.max(0, line.indexOf(around));
        int from = Math.max(0, at - EXCERPT / 2);
        String part = line.substring(from, Math.min(line.length(), from + EXCERPT));
        String masked = mask(part, needles).replace(around, "****");
        return (from > 0 ? "..." : "") + masked + (from + EXCERPT < line.length() ? "..." : "");
    }
}
