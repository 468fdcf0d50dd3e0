package io.dbsteps;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a fleet command did on every target, in the order the targets were configured.
 *
 * @param schema    the schema (or, for a custom changelog, its tracking-table prefix)
 * @param operation the command: {@code update}, {@code rollback} or {@code status}
 * @param goal      the tag the command went to, or {@code null} for the head of the changelog
 * @param targets   one result per target
 * @param duration  how long the whole fleet took
 */
public record FleetResult(String schema, String operation, String goal, List<TargetResult> targets,
                          Duration duration) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param schema    the schema (or, for a custom changelog, its tracking-table prefix)
     * @param operation the command: {@code update}, {@code rollback} or {@code status}
     * @param goal      the tag the command went to, or {@code null} for the head of the changelog
     * @param targets   one result per target
     * @param duration  how long the whole fleet took
     */
    public FleetResult {
        targets = List.copyOf(targets);
    }

    /** @return true if every target is at the goal */
    public boolean allAtGoal() {
        return targets.stream().allMatch(TargetResult::atGoal);
    }

    /** @return the targets that are not at the goal (failed, skipped or behind), in target order */
    public List<TargetResult> notAtGoal() {
        return targets.stream().filter(t -> !t.atGoal()).toList();
    }

    /**
     * Counts the targets that ended one way.
     *
     * @param outcome the outcome to count
     * @return how many targets ended that way
     */
    public int count(TargetResult.Outcome outcome) {
        return (int) targets.stream().filter(t -> t.outcome() == outcome).count();
    }

    /** @return the target that took longest, or empty if there are no targets */
    public Optional<TargetResult> slowest() {
        return targets.stream().max(Comparator.comparing(TargetResult::duration));
    }

    /**
     * The duration that this share of the targets took at most (nearest rank): {@code percentile(0.99)} is the
     * p99 of the targets' durations.
     *
     * @param share a fraction, greater than 0 and at most 1
     * @return the duration, or {@link Duration#ZERO} if there are no targets
     * @throws DbStepsException with {@link ErrorCode#INVALID_ARGUMENT} if the share is out of range
     */
    public Duration percentile(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "A percentile's share must be greater than 0 and "
                    + "at most 1, e.g. 0.99 for the p99; got " + share + ".");
        }
        if (targets.isEmpty()) {
            return Duration.ZERO;
        }
        List<Duration> sorted = targets.stream().map(TargetResult::duration).sorted().toList();
        int rank = (int) Math.ceil(share * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
