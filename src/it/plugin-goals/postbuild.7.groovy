// SQLite: liquibase:updateTestingRollback applies, undoes and applies again: release 1.0.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'sqlite').updateTestingRollback()
