// SQLite: liquibase:futureRollbackSQL writes the SQL that would undo release 1.0, and applies nothing.
io.dbsteps.maven.PluginGoalChecks.after(basedir, 'sqlite').futureRollbackSql()
