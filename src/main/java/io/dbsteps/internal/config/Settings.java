package io.dbsteps.internal.config;

import io.dbsteps.internal.lock.TableLockPolicy;

import io.dbsteps.internal.config.ConnectionSource;

import io.dbsteps.ProgressListener;
import java.util.List;
import java.util.Map;

/**
 * The frozen configuration of a {@link DbSteps} instance. It is copied from the builder at {@code load()} and
 * never changes afterwards.
 *
 * @param allowUnverified whether updates may build on a release whose health check has not passed
 * @param tableLocks      how long DDL waits for other sessions' table locks, and how often it tries
 * @param compiledPath    whether an update may run plain changesets from the compiled changelog without Liquibase
 */
public record Settings(ConnectionSource source, ChangelogRef changelog, List<String> contexts,
                Map<String, String> parameters, ProgressListener progress, ClassLoader classLoader,
                java.time.Duration lockWait, boolean allowUnverified, TableLockPolicy tableLocks,
                boolean compiledPath) {
    public Settings {
        contexts = List.copyOf(contexts);
        parameters = Map.copyOf(parameters);
    }

    public String schema() {
        return changelog.name();
    }

    /** The same configuration on another connection source, e.g. one connection held for a whole release. */
    public Settings on(ConnectionSource other) {
        return new Settings(other, changelog, contexts, parameters, progress, classLoader, lockWait, allowUnverified,
                tableLocks, compiledPath);
    }

    /** The same configuration, allowed to build on an unverified release (the release that finishes its guard). */
    public Settings allowingUnverified() {
        return new Settings(source, changelog, contexts, parameters, progress, classLoader, lockWait, true, tableLocks,
                compiledPath);
    }
}
