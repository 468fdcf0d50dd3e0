// An empty SQLite file and an empty PostgreSQL database for the build, and the rows the Java API writes for codorch:
// the plugin must write the same ones.
io.dbsteps.maven.ConsumerDatabase.createAll(basedir, 'codorch')
io.dbsteps.maven.PluginGoalChecks.recordJavaApiRows(basedir)
