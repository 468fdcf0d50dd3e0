// PostgreSQL: liquibase:update applies release 1.0 exactly as the Java API does.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'postgresql').update()
