// SQLite: the release failed: liquibase:rollback to the tag undoes all of it.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'sqlite').rollbackToTheTagBeforeTheRelease()
