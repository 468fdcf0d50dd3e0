package io.dbsteps;

import java.util.List;
import java.util.function.Consumer;

/**
 * One schema over many targets: tenant databases, or tenant namespaces of one PostgreSQL database.
 *
 * <pre>{@code
 * DbStepsFleet fleet = DbStepsFleet.configure()
 *         .schema("codorch")
 *         .target("tenant-1", "jdbc:postgresql://db/app?currentSchema=tenant_1", user, password)
 *         .target("tenant-2", "jdbc:postgresql://db/app?currentSchema=tenant_2", user, password)
 *         .parallelism(4)
 *         .load();
 * FleetResult result = fleet.update();
 * }</pre>
 *
 * <p>A command works on at most {@code parallelism} targets at once, with one connection each. A target at the head
 * of the changelog costs one query, without Liquibase and without a lock. Every other target is locked on its own
 * (targets never wait for each other, and two fleets on one target take turns), and its update is guarded: if it
 * fails, the target is rolled back to the state it had before, archiving as a rollback does, and the failure is
 * reported. Before it changes a target, the update writes a record of the state it started from into the target
 * ({@code <prefix>_fleet}, dropped when the target is done), so that after a process is killed the next fleet
 * command finishes that target, or rolls it back to that state if it cannot.
 *
 * <p>An instance is immutable and safe to share.
 */
public final class DbStepsFleet {
    private final List<FleetTarget> targets;
    private final int parallelism;
    private final boolean failFast;
    private final Consumer<TargetResult> listener;

    DbStepsFleet(List<FleetTarget> targets, int parallelism, boolean failFast, Consumer<TargetResult> listener) {
        this.targets = List.copyOf(targets);
        this.parallelism = parallelism;
        this.failFast = failFast;
        this.listener = listener;
    }

    /** @return a new builder for a fleet */
    public static FleetBuilder configure() {
        return new FleetBuilder();
    }

    /** @return the targets' names, in the order they were configured */
    public List<String> targets() {
        return targets.stream().map(FleetTarget::name).toList();
    }

    /** @return how many targets a command works on at once */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Brings every target to the head of the changelog, each update guarded.
     *
     * @return one result per target
     */
    public FleetResult update() {
        return run("update", null, t -> GuardedTargetUpdate.run(t, null));
    }

    /**
     * Brings every target to a release tag, each update guarded.
     *
     * @param tag a release tag of the changelog
     * @return one result per target
     * @throws DbStepsException with {@link ErrorCode#INVALID_ARGUMENT} if the tag is null or blank
     */
    public FleetResult updateTo(String tag) {
        checkTag(tag);
        return run("update", tag, t -> GuardedTargetUpdate.run(t, tag));
    }

    /**
     * Rolls every target back to a tag, as {@link DbSteps#rollbackTo(String)} does on each: planned first, refused
     * on a target where a step cannot be undone, archiving the data it drops. A target whose newest changeset
     * carries the tag is left alone.
     *
     * @param tag an applied tag
     * @return one result per target
     * @throws DbStepsException with {@link ErrorCode#INVALID_ARGUMENT} if the tag is null or blank
     */
    public FleetResult rollbackTo(String tag) {
        checkTag(tag);
        return run("rollback", tag, t -> TargetRollback.run(t, tag));
    }

    /**
     * Says for every target whether it is at the head of the changelog, and how many changesets are pending if not.
     * Changes nothing.
     *
     * @return one result per target: {@code ALREADY_AT_GOAL} or {@code BEHIND}, or {@code FAILED} if it could not
     *         be read
     */
    public FleetResult status() {
        return run("status", null, TargetStatus::run);
    }

    private FleetResult run(String operation, String goal, java.util.function.Function<FleetTarget, TargetResult> work) {
        return FleetRun.run(targets.get(0).settings().schema(), operation, goal, targets, parallelism, failFast,
                listener, work);
    }

    private static void checkTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new DbStepsException(ErrorCode.INVALID_ARGUMENT, "The tag of a fleet command is empty. Give a "
                    + "release tag of the changelog, e.g. 1.0.");
        }
    }
}
