package io.dbsteps.cli;

import picocli.CommandLine;

/** The version printed by --version: the jar's implementation version. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"dbsteps " + (v == null ? "(development build)" : v)};
    }
}
