package io.dbsteps;

/** Runs one update in a fresh JVM for {@link FastPathTest}: prints the outcome, or the error code. */
public final class FastPathProbe {
    private FastPathProbe() {
    }

    public static void main(String[] args) {
        try {
            UpdateResult r = DbSteps.configure().url(args[0], args.length > 2 ? args[2] : null,
                    args.length > 3 ? args[3] : null).schema(args[1]).load().update();
            System.out.println("result upToDate=" + r.upToDate() + " steps=" + r.steps().size() + " tag=" + r.toTag());
        } catch (DbStepsException e) {
            System.out.println("result error=" + e.code());
        }
    }
}
