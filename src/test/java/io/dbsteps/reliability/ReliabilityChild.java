package io.dbsteps.reliability;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.DbStepsException;
import io.dbsteps.ReleaseResult;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One dbsteps process of the reliability tests, as a host runs it: {@code update} or {@code rollback:<tag>} on a
 * shipped schema ({@code schema:<name>}) or a test changelog ({@code changelog:<path>:<table prefix>}). The database
 * comes from the environment ({@code DBSTEPS_CHILD_URL}, {@code _USER}, {@code _PASSWORD}), so that no password is
 * on a command line. It prints {@code ready} once loaded, waits for the file named by {@code DBSTEPS_CHILD_GO} if
 * there is one (so that many processes start the command at once), prints {@code step <id>} after each changeset and
 * {@code done <steps>} at the end, and exits 0; on failure it prints {@code failed <code>: <message>} and exits 1.
 * {@code release:<tag>} runs a guarded release whose check never returns (see {@link #release}).
 */
final class ReliabilityChild {
    private ReliabilityChild() {
    }

    public static void main(String[] args) throws Exception {
        String command = args[0];
        String[] target = args[1].split(":");
        DbStepsBuilder builder = DbSteps.configure()
                .url(System.getenv("DBSTEPS_CHILD_URL"), System.getenv("DBSTEPS_CHILD_USER"),
                        System.getenv("DBSTEPS_CHILD_PASSWORD"))
                .progress(step -> say("step " + step.id()));
        DbSteps steps = ("schema".equals(target[0]) ? builder.schema(target[1])
                : builder.changelog(target[1], target[2])).load();
        say("ready");
        String go = System.getenv("DBSTEPS_CHILD_GO");
        while (go != null && !Files.exists(Path.of(go))) {
            Thread.sleep(2);
        }
        if (command.startsWith("release:")) {
            release(steps, command.substring("release:".length()));
            return;
        }
        try {
            int done = command.startsWith("rollback:")
                    ? steps.rollbackTo(command.substring("rollback:".length())).steps().size()
                    : steps.update().steps().size();
            say("done " + done);
            System.exit(0);
        } catch (DbStepsException e) {
            say("failed " + e.code() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * {@code release:<tag>}: a guarded release whose health check prints {@code checking} and then never returns (it
     * ignores interrupts), with a timeout of ten minutes, so that a test can stop the process during the check. Prints
     * {@code released <outcome> <safe tag>} if it ends.
     */
    private static void release(DbSteps steps, String tag) {
        try {
            ReleaseResult r = steps.release(tag, () -> {
                say("checking");
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // a check that never returns ignores interrupts too
                    }
                }
            }, Duration.ofMinutes(10));
            say("released " + r.outcome() + " " + r.safeTag());
        } catch (DbStepsException e) {
            say("failed " + e.code() + ": " + e.getMessage());
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
