package io.dbsteps.reliability;

import io.dbsteps.DbStepsFleet;
import io.dbsteps.FleetBuilder;
import io.dbsteps.FleetResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process running a fleet update, for {@link FleetKillNineTest}: {@code <targets file> <changelog> <prefix>
 * <parallelism>}. The targets file has one {@code name<TAB>url<TAB>user} line per target; the password, the same for
 * all, comes from {@code DBSTEPS_CHILD_PASSWORD}. It prints {@code ready}, then {@code target <name> <outcome>} as
 * each target finishes, then {@code done}.
 */
final class FleetChild {
    private FleetChild() {
    }

    public static void main(String[] args) throws Exception {
        String password = System.getenv("DBSTEPS_CHILD_PASSWORD");
        FleetBuilder b = DbStepsFleet.configure().changelog(args[1], args[2]).parallelism(Integer.parseInt(args[3]))
                .onTargetDone(t -> say("target " + t.target() + " " + t.outcome()));
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t", -1);
            b.target(f[0], f[1], f[2].isEmpty() ? null : f[2], f[2].isEmpty() ? null : password);
        }
        DbStepsFleet fleet = b.load();
        say("ready");
        FleetResult r = fleet.update();
        say("done " + r.allAtGoal());
        System.exit(0);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
