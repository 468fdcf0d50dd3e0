package io.dbsteps;

/**
 * Told about each changeset as soon as a command has applied or rolled it back, so that long commands can show
 * progress. Called on the thread running the command.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Called after each changeset.
     *
     * @param step what was done and how long it took
     */
    void stepDone(Step step);
}
