package io.dbsteps.cli;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command takes: which database, which schema. */
final class DatabaseOptions {
    static final String DEFAULT_URL = "jdbc:sqlite:dbsteps.db";
    static final String PASSWORD_ENV = "DBSTEPS_PASSWORD";

    @Option(names = "--schema", paramLabel = "NAME",
            description = "The shipped schema to work on (see the schemas command).")
    String schema;

    @Option(names = "--changelog", paramLabel = "PATH",
            description = "A changelog of your own instead of a shipped schema: a path relative to --search-path, an "
                    + "absolute path, or a class-path path; needs --table-prefix.")
    String changelog;

    @Option(names = "--search-path", paramLabel = "DIRS", split = ",",
            description = "Directories, comma-separated, in which --changelog and its includes are looked up before "
                    + "the class path (default: the working directory).")
    List<Path> searchPath = new ArrayList<>();

    @Option(names = "--table-prefix", paramLabel = "PREFIX",
            description = "Tracking-table prefix for --changelog: its history goes to PREFIX_log and PREFIX_lock, "
                    + "and dbsteps' own tables to PREFIX_undo and the like.")
    String tablePrefix;

    @Option(names = "--database-changelog-table-name", paramLabel = "TABLE",
            description = "Liquibase's history table, e.g. databasechangelog for a database that plain Liquibase "
                    + "manages (default: PREFIX_log).")
    String logTable;

    @Option(names = "--database-changelog-lock-table-name", paramLabel = "TABLE",
            description = "Liquibase's lock table (default: PREFIX_lock, or the history table's name followed by "
                    + "lock when that is given).")
    String lockTable;

    @Option(names = "--url", paramLabel = "JDBC_URL", defaultValue = DEFAULT_URL,
            description = "The database (default: ${DEFAULT-VALUE}, an SQLite file in the working directory).")
    String url;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "PostgreSQL only: keep the schema and its tracking tables in this namespace (a PostgreSQL "
                    + "schema), created if missing. currentSchema in the URL works too.")
    String namespace;

    @Option(names = "--user", paramLabel = "USER", description = "The database user.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "The database password. Prefer the environment variable " + PASSWORD_ENV
                    + ", which is read when this option is absent: a command line is visible to other users.")
    String password;

    @Option(names = "--contexts", paramLabel = "NAME", split = ",",
            description = "Liquibase contexts to run, comma-separated.")
    List<String> contexts = new ArrayList<>();

    @Option(names = {"-P", "--param"}, paramLabel = "NAME=VALUE",
            description = "A changelog parameter the changelog uses, e.g. -P educare_admin_password_hash=$2b$12$...")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--lock-wait", paramLabel = "TIME", converter = DurationOption.OrZero.class,
            description = "How long to wait while another process holds the schema's lock, e.g. 30s, 10m, or 0 to "
                    + "fail at once (default: 5m). After it the command fails, naming the holder.")
    Duration lockWait;

    DbSteps load(ProgressListener progress) {
        return load(progress, b -> { });
    }

    /** As {@link #load(ProgressListener)}, with a command's own settings added to the builder. */
    DbSteps load(ProgressListener progress, java.util.function.Consumer<DbStepsBuilder> own) {
        if (schema == null && changelog == null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "No schema was given. Pass --schema with one "
                    + "of " + String.join(", ", DbSteps.shippedSchemas()) + ", or --changelog PATH with --table-prefix "
                    + "PREFIX for a changelog of your own.");
        }
        if (schema != null && changelog != null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Both --schema and --changelog were given. "
                    + "Pass only one of them.");
        }
        if (changelog != null && tablePrefix == null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "--changelog " + changelog + " needs "
                    + "--table-prefix, e.g. --table-prefix myapp: its history then goes to myapp_log.");
        }
        String pw = password != null ? password : System.getenv(PASSWORD_ENV);
        DbStepsBuilder b = DbSteps.configure().url(url, user, pw).progress(progress);
        own.accept(b);
        if (lockWait != null) {
            b.lockWait(lockWait);
        }
        if (changelog != null) {
            b.searchPath((searchPath.isEmpty() ? List.of(Path.of("")) : searchPath).toArray(Path[]::new));
            b.changelog(changelog, tablePrefix);
        } else {
            b.schema(schema);
        }
        if (namespace != null) {
            b.namespace(namespace);
        }
        if (logTable != null || lockTable != null) {
            b.trackingTables(logTable != null ? logTable : (tablePrefix + "_log"),
                    lockTable != null ? lockTable : logTable + "lock");
        }
        if (DEFAULT_URL.equals(url)) {
            DefaultFile.refuseOtherSchemas(DEFAULT_URL, changelog != null ? tablePrefix : "dbsteps_" + schema,
                    changelog != null ? changelog : schema);
        }
        if (!contexts.isEmpty()) {
            b.contexts(contexts.toArray(String[]::new));
        }
        parameters.forEach(b::parameter);
        return b.load();
    }
}
