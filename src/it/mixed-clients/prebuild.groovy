// An empty SQLite file and an empty PostgreSQL database, both brought to trajectory 2.0 by the Java API.
io.dbsteps.maven.ConsumerDatabase.createAll(basedir, 'trajectory')
io.dbsteps.maven.MixedClientChecks.applyWithTheJavaApi(basedir)
