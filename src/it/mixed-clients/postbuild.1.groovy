// SQLite: the plugin finds what the Java API applied up to date.
io.dbsteps.maven.MixedClientChecks.after(basedir, 'sqlite').pluginFindsTheJavaApisWorkUpToDate()
