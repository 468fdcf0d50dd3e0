// PostgreSQL: liquibase:status reports the database up to date and changes nothing.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'postgresql').status()
