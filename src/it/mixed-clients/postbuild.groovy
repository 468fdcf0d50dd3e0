// After the last invocation, or a failed one: drop the build's PostgreSQL database.
io.dbsteps.maven.ConsumerDatabase.dropAll(basedir)
