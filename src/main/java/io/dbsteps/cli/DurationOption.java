package io.dbsteps.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.dbsteps.DbStepsBuilder;
import picocli.CommandLine;

/**
 * The one syntax of every duration option: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, a plain
 * number of seconds, or ISO-8601 ({@code PT30S}), within the bounds of the API ({@link DbStepsBuilder#MAX_DURATION}: zero
 * where an option allows it, at most a day). Anything else, an overflow included, is a usage error (exit code 2), so nothing
 * runs.
 */
class DurationOption implements CommandLine.ITypeConverter<Duration> {
    static final String SYNTAX = "e.g. 500ms, 30s, 5m, 1h or PT30S";
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
    /** A stand-in for a number too large to hold: beyond every bound, so it is refused as too long. */
    private static final Duration BEYOND = DbStepsBuilder.MAX_DURATION.plusDays(1);

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
            throw new CommandLine.TypeConversionException("'" + value + "' is out of range: it must be "
                    + (zeroAllowed() ? "0 or more" : "positive") + "; " + SYNTAX);
        }
        if (d.compareTo(DbStepsBuilder.MAX_DURATION) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is out of range: it must be at most a day "
                    + "(24h or PT24H)");
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
        String digits = m.group(1).replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 15) {
            return BEYOND;
        }
        long n = Long.parseLong(digits);
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (ArithmeticException e) {
            return BEYOND;
        }
    }
}
