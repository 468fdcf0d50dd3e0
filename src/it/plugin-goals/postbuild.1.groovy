// SQLite: liquibase:updateSQL writes the SQL of release 1.0 and applies nothing.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'sqlite').updateSql()
