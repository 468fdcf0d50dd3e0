package io.dbsteps;

import io.dbsteps.internal.config.Settings;

/** Lets tests in this package reach the frozen settings of a {@link DbSteps} instance. */
@FunctionalInterface
interface DbStepsAccess {
    DbSteps steps();

    default Settings settings() {
        return steps().settings();
    }
}
