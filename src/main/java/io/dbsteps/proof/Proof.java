package io.dbsteps.proof;

/**
 * One proof: a name that says what it proves, and the work that proves it. The work throws an {@link AssertionError}
 * that says what differed; any other exception (a changeset that fails, a rollback dbsteps refuses) is turned into one.
 *
 * @param name what is proved, e.g. {@code per changeset 2-add-note on target 1 (jdbc:sqlite:app.db)}
 * @param work the work
 */
record Proof(String name, Runnable work) {

    /** Runs the proof. */
    void run() {
        try {
            work.run();
        } catch (AssertionError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
