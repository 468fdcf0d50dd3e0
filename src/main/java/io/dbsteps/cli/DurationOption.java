package io.dbsteps.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one syntax of every duration option: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, a plain
 * number of seconds, or ISO-8601 ({@code PT30S}), from zero (where an option allows it) to 7 days. Anything else, an
 * overflow included, is a usage error (exit code 2), so nothing runs.
 */
class DurationOption implements CommandLine.ITypeConverter<Duration> {
    static final String SYNTAX = "e.g. 500ms, 30s, 5m, 1h or PT30S";
    private static final Pattern FORM = Pattern.compile("(\\d{1,15})(ms|s|m|h|d)?");
    private static final Duration MAX = Duration.ofDays(7);

    /** A duration that may be zero, e.g. a wait that gives up at once. */
    static final class OrZero extends DurationOption {
        @Override
        boolean zeroAllowed() {
            return true;
        }
    }

    boolean zeroAllowed() {
        return false;
    }

    @Override
    public Duration convert(String value) {
        Duration d = parse(value.trim());
        if (d == null) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; give one " + SYNTAX);
        }
        if (d.isNegative() || (d.isZero() && !zeroAllowed())) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too short; give "
                    + (zeroAllowed() ? "0 or more" : "more than 0") + ", " + SYNTAX);
        }
        if (d.compareTo(MAX) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too long; give at most 7 days ("
                    + "168h)");
        }
        return d;
    }

    private static Duration parse(String value) {
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long limit = switch (unit) {
            case "ms" -> MAX.toMillis();
            case "m" -> MAX.toMinutes();
            case "h" -> MAX.toHours();
            case "d" -> MAX.toDays();
            default -> MAX.toSeconds();
        };
        if (n > limit) {
            return MAX.plusSeconds(1); // refused as too long, without overflowing
        }
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
