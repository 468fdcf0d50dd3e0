package io.dbsteps.bench;

/**
 * One way of migrating a database, driven the way its users drive it. Implementations are loaded by name, so a
 * child JVM loads only the classes of the tool it measures.
 */
interface Tool extends AutoCloseable {
    /** Applies everything pending: a full update from empty, or nothing at head. */
    void update() throws Exception;

    /** The start-up call when nothing is pending. */
    default void noop() throws Exception {
        update();
    }

    /** Rolls back to the tag. */
    default void rollback(String tag) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no rollback");
    }

    /** Brings the database from the tag back to head, after {@link #rollback(String)}; not measured. */
    default void restore() throws Exception {
        update();
    }

    @Override
    default void close() {
    }

    /** The tools, by the names the runner uses. */
    static Tool create(String name, Target target) throws Exception {
        String cls = switch (name) {
            case "dbsteps" -> "io.dbsteps.bench.DbStepsTool";
            case "liquibase" -> "io.dbsteps.bench.LiquibaseTool";
            case "flyway" -> "io.dbsteps.bench.FlywayTool";
            case "raw" -> "io.dbsteps.bench.RawJdbcTool";
            default -> throw new IllegalArgumentException("unknown tool " + name);
        };
        return (Tool) Class.forName(cls).getDeclaredConstructor(Target.class).newInstance(target);
    }
}
