package io.dbsteps.cli;

import io.dbsteps.DbStepsBuilder;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of commands that change the schema: how long DDL waits for other sessions' table locks. */
final class TableLockOptions {
    @Option(names = "--table-lock-timeout", paramLabel = "TIME", converter = BoundedDuration.class,
            description = "PostgreSQL: how long one attempt of a changeset waits for a table lock another session "
                    + "holds, e.g. 2s or 500ms (default 2s). Application queries queue behind a waiting DDL statement, "
                    + "so keep it short.")
    Duration timeout;

    @Option(names = "--table-lock-retries", paramLabel = "N",
            description = "PostgreSQL: how many more attempts after a table-lock timeout, with pauses that double "
                    + "(default 5). Then the command fails, naming the session that holds the lock.")
    Integer retries;

    void apply(DbStepsBuilder b) {
        if (timeout != null) {
            b.tableLockTimeout(timeout);
        }
        if (retries != null) {
            b.tableLockRetries(retries);
        }
    }

    /**
     * A duration as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or a plain number of seconds, from a millisecond
     * to a day. Anything else, an overflow included, is a usage error, so nothing runs.
     */
    static final class BoundedDuration implements CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(\\d{1,12})(ms|s|m|h)?");
        private static final Duration MAX = Duration.ofDays(1);

        @Override
        public Duration convert(String value) {
            java.util.regex.Matcher m = FORM.matcher(value.trim());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; give a number of "
                        + "seconds, or a number with ms, s, m or h, e.g. 30 or 30s, at most a day");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            long limit = switch (unit) {
                case "ms" -> MAX.toMillis();
                case "m" -> MAX.toMinutes();
                case "h" -> MAX.toHours();
                default -> MAX.toSeconds();
            };
            if (n < 1 || n > limit) {
                throw new CommandLine.TypeConversionException("'" + value + "' is out of range: give at least 1 "
                        + unit + " and at most a day (" + limit + unit + ")");
            }
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
