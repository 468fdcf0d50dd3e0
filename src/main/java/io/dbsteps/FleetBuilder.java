package io.dbsteps;

import io.dbsteps.internal.config.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Collects the configuration of a {@link DbStepsFleet}: the schema (as for {@link DbStepsBuilder}), the targets,
 * how many run at once, and whether the fleet stops at the first failure. {@link #load()} checks every target's
 * configuration, without connecting, and freezes it.
 */
public final class FleetBuilder {
    private String schema;
    private String changelogPath;
    private String tablePrefix;
    private final List<String> contexts = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private ClassLoader classLoader;
    private Duration lockWait;
    private final List<TargetSpec> targets = new ArrayList<>();
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private boolean failFast;
    private Consumer<TargetResult> listener;

    /** A target as given: a URL with credentials, or a DataSource. */
    private record TargetSpec(String name, String url, String user, String password, DataSource dataSource) {
    }

    FleetBuilder() {
    }

    /**
     * Selects a schema shipped in the jar, as {@link DbStepsBuilder#schema(String)}.
     *
     * @param schema one of {@link DbSteps#shippedSchemas()}
     * @return this builder
     */
    public FleetBuilder schema(String schema) {
        this.schema = schema;
        return this;
    }

    /**
     * Selects a changelog of the host's own, as {@link DbStepsBuilder#changelog(String, String)}.
     *
     * @param classpathPath the changelog's classpath path
     * @param tablePrefix   the prefix of its tracking tables
     * @return this builder
     */
    public FleetBuilder changelog(String classpathPath, String tablePrefix) {
        this.changelogPath = classpathPath;
        this.tablePrefix = tablePrefix;
        return this;
    }

    /**
     * Adds Liquibase contexts, as {@link DbStepsBuilder#contexts(String...)}.
     *
     * @param names context names
     * @return this builder
     */
    public FleetBuilder contexts(String... names) {
        if (names == null) {
            throw invalid("contexts(null): give context names such as sample-data, or do not call contexts(...).");
        }
        contexts.addAll(java.util.Arrays.asList(names));
        return this;
    }

    /**
     * Sets a changelog parameter, as {@link DbStepsBuilder#parameter(String, String)}.
     *
     * @param name  the parameter name
     * @param value its value
     * @return this builder
     */
    public FleetBuilder parameter(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw invalid("A changelog parameter needs a name and a value; got name '" + name + "'.");
        }
        parameters.put(name, value);
        return this;
    }

    /**
     * The class loader for changelogs, as {@link DbStepsBuilder#classLoader(ClassLoader)}.
     *
     * @param loader the class loader
     * @return this builder
     */
    public FleetBuilder classLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    /**
     * How long each target waits for its lock, held by another process or another fleet working on the same
     * target, before it fails with {@link ErrorCode#LOCKED}. The default is five minutes, as for
     * {@link DbStepsBuilder#lockWait(Duration)}.
     *
     * @param wait the longest wait per target, zero to fail at once
     * @return this builder
     */
    public FleetBuilder lockWait(Duration wait) {
        this.lockWait = wait;
        return this;
    }

    /**
     * Adds a target reached through a JDBC URL; for a PostgreSQL namespace per tenant, name it in the URL
     * ({@code ?currentSchema=tenant_42}).
     *
     * @param name     the target's name in results; unique in the fleet
     * @param url      a JDBC URL
     * @param user     the user, or {@code null}
     * @param password the password, or {@code null}; it never appears in results, messages or logs
     * @return this builder
     */
    public FleetBuilder target(String name, String url, String user, String password) {
        targets.add(new TargetSpec(name, url, user, password, null));
        return this;
    }

    /**
     * Adds a target reached through a DataSource.
     *
     * @param name       the target's name in results; unique in the fleet
     * @param dataSource the target's DataSource; each command takes one connection from it and gives it back
     * @return this builder
     */
    public FleetBuilder target(String name, DataSource dataSource) {
        if (dataSource == null) {
            throw invalid("Fleet target '" + name + "': the DataSource is null. Pass the target's DataSource, or "
                    + "give it as a JDBC URL with target(name, url, user, password).");
        }
        targets.add(new TargetSpec(name, null, null, null, dataSource));
        return this;
    }

    /**
     * How many targets a command works on at once, and so the most connections it holds at once: one per target
     * it works on. The default is the number of processors.
     *
     * @param targetsAtOnce at least 1
     * @return this builder
     */
    public FleetBuilder parallelism(int targetsAtOnce) {
        if (targetsAtOnce < 1) {
            throw invalid("The parallelism of a fleet must be at least 1; got " + targetsAtOnce + ".");
        }
        this.parallelism = targetsAtOnce;
        return this;
    }

    /**
     * Whether a command stops at the first failed target: targets not started by then are {@code SKIPPED}, and
     * targets already running finish. The default is to carry on with every target.
     *
     * @param stop true to stop at the first failure
     * @return this builder
     */
    public FleetBuilder failFast(boolean stop) {
        this.failFast = stop;
        return this;
    }

    /**
     * Receives each target's result as soon as the target is done. Calls come one at a time, from the fleet's
     * threads.
     *
     * @param onTargetDone the listener, or {@code null} for none
     * @return this builder
     */
    public FleetBuilder onTargetDone(Consumer<TargetResult> onTargetDone) {
        this.listener = onTargetDone;
        return this;
    }

    /**
     * Checks the configuration of every target, without connecting to any, and freezes it.
     *
     * @return a configured, immutable fleet
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} (no targets, a name that is empty or
     *                          used twice, a URL no driver accepts), {@link ErrorCode#UNKNOWN_SCHEMA} or
     *                          {@link ErrorCode#CHANGELOG_NOT_FOUND}, naming the target
     */
    public DbStepsFleet load() {
        if (targets.isEmpty()) {
            throw invalid("A fleet has no targets. Add each database or namespace with target(name, url, user, "
                    + "password) or target(name, dataSource).");
        }
        Set<String> names = new HashSet<>();
        List<FleetTarget> frozen = new ArrayList<>();
        for (TargetSpec spec : targets) {
            if (spec.name() == null || spec.name().isBlank()) {
                throw invalid("A fleet target has no name. Give each target a name, e.g. its tenant.");
            }
            if (!names.add(spec.name())) {
                throw invalid("Two fleet targets are named '" + spec.name() + "'. Give each target its own name.");
            }
            frozen.add(freeze(spec));
        }
        return new DbStepsFleet(frozen, parallelism, failFast, listener);
    }

    private FleetTarget freeze(TargetSpec spec) {
        DbStepsBuilder b = DbSteps.configure();
        try {
            if (spec.dataSource() != null) {
                b.dataSource(spec.dataSource());
            } else {
                b.url(spec.url(), spec.user(), spec.password());
            }
            if (changelogPath != null || tablePrefix != null) {
                b.changelog(changelogPath, tablePrefix);
            }
            if (schema != null) {
                b.schema(schema);
            }
            if (!contexts.isEmpty()) {
                b.contexts(contexts.toArray(String[]::new));
            }
            parameters.forEach(b::parameter);
            if (classLoader != null) {
                b.classLoader(classLoader);
            }
            if (lockWait != null) {
                b.lockWait(lockWait);
            }
            Settings settings = b.load().settings();
            return new FleetTarget(spec.name(), settings, settings.source().mask());
        } catch (DbStepsException e) {
            throw new DbStepsException(e.code(), "Fleet target '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    private static DbStepsException invalid(String message) {
        return new DbStepsException(ErrorCode.INVALID_CONFIGURATION, message);
    }
}
