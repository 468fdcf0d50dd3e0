package io.dbsteps.internal.command;

import java.time.Duration;

/** How long a command took, for its result. */
public final class Elapsed {
    private Elapsed() {
    }

    /** The time since {@code startNanos}, a {@link System#nanoTime()} reading. */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
