// SQLite: release 2.0 failed; the plugin rolled back to tag 1.0, and the CLI applies 2.0 again.
io.dbsteps.maven.MixedClientChecks.after(basedir, 'sqlite').pluginRollsBackThenTheCliReapplies(cliJar)
