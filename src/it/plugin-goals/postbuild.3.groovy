// SQLite: liquibase:tag on the empty database marks the state to return to if the release fails.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'sqlite').tagOnAnEmptyDatabase()
