// PostgreSQL: liquibase:tag on a database at release 1.0 replaces the tag 1.0.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'postgresql').tagAtARelease()
