package io.dbsteps.internal.config;

import io.dbsteps.ProgressListener;
import java.util.List;
import java.util.Map;

/**
 * The frozen configuration of a {@link DbSteps} instance. It is copied from the builder at {@code load()} and
 * never changes afterwards.
 */
public record Settings(ConnectionSource source, ChangelogRef changelog, List<String> contexts,
                Map<String, String> parameters, ProgressListener progress, ClassLoader classLoader,
                java.time.Duration lockWait) {
    public Settings {
        contexts = List.copyOf(contexts);
        parameters = Map.copyOf(parameters);
    }

    public String schema() {
        return changelog.name();
    }
}
