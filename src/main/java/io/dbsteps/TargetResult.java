package io.dbsteps;

import java.time.Duration;

/**
 * What a fleet command did on one target.
 *
 * @param target     the target's name
 * @param outcome    how it ended
 * @param fromTag    the newest applied tag before the command, or {@code null} if none (or not known, e.g. the target
 *                   could not be reached)
 * @param toTag      the newest applied tag after the command, or {@code null} if none (or not known)
 * @param changesets the changesets the command applied or rolled back on this target; for a status, the changesets
 *                   pending
 * @param duration   how long the target took, connecting and waiting for its lock included
 * @param errorCode  why it failed, or {@code null} unless the outcome is {@link Outcome#FAILED}
 * @param message    what happened, in one or two sentences: the error and the state the target was left in, for a
 *                   failure; never a password
 */
public record TargetResult(String target, Outcome outcome, String fromTag, String toTag, int changesets,
                           Duration duration, ErrorCode errorCode, String message) {

    /** How a fleet command ended on one target. */
    public enum Outcome {
        /** The command changed the target, and it is now at the goal. */
        REACHED,
        /** The target was at the goal already; nothing was changed. */
        ALREADY_AT_GOAL,
        /** A status found changesets pending on the target; nothing was changed. */
        BEHIND,
        /**
         * The command failed on the target. An update that failed was rolled back to the state the target had
         * before it, unless {@link TargetResult#message()} says otherwise.
         */
        FAILED,
        /** The target was not touched, because an earlier target failed and the fleet stops at the first failure. */
        SKIPPED
    }

    /** @return true if the target is at the goal: {@link Outcome#REACHED} or {@link Outcome#ALREADY_AT_GOAL} */
    public boolean atGoal() {
        return outcome == Outcome.REACHED || outcome == Outcome.ALREADY_AT_GOAL;
    }
}
