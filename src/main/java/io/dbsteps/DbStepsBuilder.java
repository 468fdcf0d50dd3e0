package io.dbsteps;

import io.dbsteps.internal.config.ChangelogFiles;
import io.dbsteps.internal.config.ChangelogRef;
import io.dbsteps.internal.config.ConnectionSource;
import io.dbsteps.internal.config.Durations;
import io.dbsteps.internal.config.NamespacedSource;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.config.ShippedSchemas;
import io.dbsteps.internal.failure.SecretMask;
import io.dbsteps.internal.jdbc.SqliteUrl;
import io.dbsteps.internal.lock.TableLockPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Collects the configuration of a {@link DbSteps} instance. {@link #load()} checks it, copies it and freezes it;
 * the builder can be reused afterwards without affecting instances already loaded.
 *
 * <p>Every method refuses a null or empty argument at once, with {@link ErrorCode#INVALID_CONFIGURATION} and a
 * sentence saying what to pass, except where its documentation says that {@code null} is allowed.
 */
public final class DbStepsBuilder {
    private DataSource dataSource;
    private Connection connection;
    private String url;
    private String user;
    private String password;
    private String schema;
    private String changelogPath;
    private String tablePrefix;
    private final List<String> contexts = new ArrayList<>();
    /** The longest duration any wait or timeout takes (a day): a longer one is a mistake of unit or an overflow. */
    public static final Duration MAX_DURATION = Durations.MAX;

    private final Map<String, String> parameters = new LinkedHashMap<>();
    private ProgressListener progress;
    private ClassLoader classLoader;
    private final List<Path> searchPath = new ArrayList<>();
    private String logTable;
    private String lockTable;
    private Duration lockWait = Duration.ofMinutes(5);
    private boolean allowUnverified;
    private boolean compiledPath = true;
    private Duration tableLockTimeout = TableLockPolicy.DEFAULT.timeout();
    private int tableLockRetries = TableLockPolicy.DEFAULT.retries();
    private String namespace;

    DbStepsBuilder() {
    }

    /**
     * Runs each command on a connection from this DataSource, returned to it afterwards.
     *
     * @param dataSource the host's DataSource
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is null
     */
    public DbStepsBuilder dataSource(DataSource dataSource) {
        if (dataSource == null) {
            throw invalid("dataSource(null): the DataSource is null. Pass the host's DataSource, or configure the "
                    + "database with url(...) or connection(...) instead.");
        }
        this.dataSource = dataSource;
        return this;
    }

    /**
     * Runs each command on this connection. It is borrowed: dbsteps never closes it and restores its autoCommit.
     *
     * @param connection an open connection
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is null
     */
    public DbStepsBuilder connection(Connection connection) {
        if (connection == null) {
            throw invalid("connection(null): the connection is null. Pass an open connection, or configure the "
                    + "database with dataSource(...) or url(...) instead.");
        }
        this.connection = connection;
        return this;
    }

    /**
     * Opens a connection to this JDBC URL for each command and closes it afterwards.
     *
     * @param url      a JDBC URL, e.g. {@code jdbc:postgresql://host/db} or {@code jdbc:sqlite:app.db}
     * @param user     the user, or {@code null}
     * @param password the password, or {@code null}; it never appears in messages or logs
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if the URL is null or blank
     */
    public DbStepsBuilder url(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw invalid("url(...): the JDBC URL is empty. Give one such as jdbc:postgresql://localhost:5432/app or "
                    + "jdbc:sqlite:app.db.");
        }
        this.url = url;
        this.user = user;
        this.password = password;
        return this;
    }

    /**
     * Opens a connection to this JDBC URL, without user or password (e.g. SQLite).
     *
     * @param url a JDBC URL
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if the URL is null or blank
     */
    public DbStepsBuilder url(String url) {
        return url(url, null, null);
    }

    /**
     * Selects a schema shipped in the jar; its history is kept in {@code dbsteps_<schema>_log} and
     * {@code dbsteps_<schema>_lock}.
     *
     * @param schema one of {@link DbSteps#shippedSchemas()}
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is null or blank (an unknown name
     *                          is refused by {@link #load()} with {@link ErrorCode#UNKNOWN_SCHEMA})
     */
    public DbStepsBuilder schema(String schema) {
        if (schema == null || schema.isBlank()) {
            throw invalid("No schema is configured: the schema name is empty. Call schema(...) with one of "
                    + ShippedSchemas.names() + ", or changelog(path, prefix) for a changelog of your own.");
        }
        this.schema = schema;
        return this;
    }

    /**
     * Selects a changelog of the host's own instead of a shipped schema.
     *
     * @param classpathPath the changelog's path on the class path or the {@link #searchPath(Path...)}, e.g.
     *                      {@code db/changelog.yaml}, or an absolute file path
     * @param tablePrefix   the prefix of its tracking tables {@code <prefix>_log} and {@code <prefix>_lock}
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if either is null or blank (a malformed
     *                          prefix or a missing changelog is refused by {@link #load()})
     */
    public DbStepsBuilder changelog(String classpathPath, String tablePrefix) {
        if (classpathPath == null || classpathPath.isBlank()) {
            throw invalid("The changelog path is empty. Give the classpath path of a changelog, e.g. "
                    + "db/changelog.yaml.");
        }
        if (tablePrefix == null || tablePrefix.isBlank()) {
            throw invalid("The tracking-table prefix for changelog " + classpathPath + " is empty. Give one such as "
                    + "myapp: the history then goes to myapp_log and myapp_lock.");
        }
        this.changelogPath = classpathPath;
        this.tablePrefix = tablePrefix;
        return this;
    }

    /**
     * Adds directories in which to look for the changelog and its includes before the class path, as Liquibase's
     * {@code --search-path} does. A changelog path given to {@link #changelog(String, String)} is then relative to
     * them (or absolute); FILENAME in the history is that path as given, as plain Liquibase records it.
     *
     * @param dirs existing directories, searched in order
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if one is null (a path that is not a
     *                          directory is refused by {@link #load()})
     */
    public DbStepsBuilder searchPath(Path... dirs) {
        for (Path dir : dirs) {
            if (dir == null) {
                throw invalid("searchPath(null): give the directories that hold your changelogs.");
            }
            searchPath.add(dir);
        }
        return this;
    }

    /**
     * Names Liquibase's tracking tables, for a database that plain Liquibase, its Maven plugin or Spring Boot
     * already manages: {@code trackingTables("databasechangelog", "databasechangeloglock")}. dbsteps' own tables
     * (undo SQL, releases, archives) keep the prefix given to {@link #changelog(String, String)} and sit beside
     * them. By default the tables are {@code <prefix>_log} and {@code <prefix>_lock}.
     *
     * @param log  the history table
     * @param lock the lock table
     * @return this builder
     */
    public DbStepsBuilder trackingTables(String log, String lock) {
        this.logTable = log;
        this.lockTable = lock;
        return this;
    }

    /**
     * Adds Liquibase contexts; changesets with a context run only when it is given.
     *
     * @param names context names
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if the array or a name is null or blank
     */
    public DbStepsBuilder contexts(String... names) {
        if (names == null) {
            throw invalid("contexts(null): give context names such as sample-data, or do not call contexts(...).");
        }
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION,
                        "A context name is empty. Give context names such as sample-data.");
            }
            contexts.add(name.trim());
        }
        return this;
    }

    /**
     * Sets a changelog parameter, used as {@code ${name}} in the changelog. It takes precedence over the
     * changelog's own default for that name. A name the changelog's files never use is refused by every command that
     * reads the changelog ({@link ErrorCode#INVALID_CONFIGURATION}, listing the names it does use), before anything
     * changes: Liquibase would ignore it silently.
     *
     * @param name  the parameter name
     * @param value its value
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if the name is null or blank, or the
     *                          value is null
     */
    public DbStepsBuilder parameter(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION,
                    "A changelog parameter needs a name and a value; got name '" + name + "'.");
        }
        parameters.put(name, value);
        return this;
    }

    /**
     * Receives each changeset as soon as it has been applied or rolled back.
     *
     * @param listener the listener, or {@code null} for none
     * @return this builder
     */
    public DbStepsBuilder progress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    /**
     * How long a command waits for another process that is changing the same schema before it fails with
     * {@link ErrorCode#LOCKED}. The default is five minutes.
     *
     * @param wait the longest wait, zero to fail at once
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is null or negative
     */
    public DbStepsBuilder lockWait(Duration wait) {
        String problem = Durations.problem(wait, true);
        if (problem != null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION,
                    "The lock wait is not valid: " + problem + ". Give e.g. Duration.ofMinutes(5).");
        }
        this.lockWait = wait;
        return this;
    }

    /**
     * Lets {@code update}, {@code updateTo} and {@code updateCount} apply changesets on top of a guarded release whose
     * health check has not passed (see {@link UnverifiedRelease}). By default they refuse, because the release may
     * still be rolled back; rerun the release instead, which finishes its guard.
     *
     * @param allow true to build on an unverified release
     * @return this builder
     */
    public DbStepsBuilder allowUnverifiedRelease(boolean allow) {
        this.allowUnverified = allow;
        return this;
    }

    /**
     * On PostgreSQL, how long one attempt of a changeset's statement waits for a table lock another session holds
     * ({@code lock_timeout}) before it is tried again; the default is two seconds. While a statement waits for an
     * ACCESS EXCLUSIVE lock, every query of that table queues behind it, so the attempts are kept short.
     *
     * @param timeout the longest wait of one attempt, at least a millisecond and at most a day
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is out of that range
     */
    public DbStepsBuilder tableLockTimeout(Duration timeout) {
        String problem = Durations.problem(timeout, false);
        if (problem != null) {
            throw invalid("The table lock timeout is not valid: " + problem + ". Give e.g. Duration.ofSeconds(2).");
        }
        this.tableLockTimeout = timeout;
        return this;
    }

    /**
     * On PostgreSQL, how many more times a statement that timed out waiting for a table lock is tried, after pauses
     * that double from up to a second; the default is 5. After the last attempt the command fails with
     * {@link ErrorCode#TABLE_LOCKED}, naming the sessions that hold the lock.
     *
     * @param retries 0 to 100
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is out of that range
     */
    public DbStepsBuilder tableLockRetries(int retries) {
        if (retries < 0 || retries > 100) {
            throw invalid("The table lock retries must be between 0 and 100, not " + retries + ".");
        }
        this.tableLockRetries = retries;
        return this;
    }

    /**
     * Keeps the schema in a PostgreSQL namespace (a PostgreSQL schema) of its own, created if it is missing: its
     * tables and its tracking tables all live there, apart from other schemas and the host's tables. Each command sets
     * its connection's {@code search_path} to the namespace and restores it afterwards. A JDBC URL's
     * {@code currentSchema} does the same without this call (that namespace must exist). Two copies of one schema
     * can live side by side in one database, each in its own namespace.
     *
     * @param name a lower-case PostgreSQL identifier: letters, digits and '_', starting with a letter or '_'
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is null or not such a name (on
     *                          SQLite every command refuses it: give each schema a file of its own there)
     */
    public DbStepsBuilder namespace(String name) {
        if (name == null || !NamespacedSource.NAME.matcher(name).matches()) {
            throw invalid("namespace(" + (name == null ? "null" : "\"" + name.replaceAll("\\p{Cntrl}", "?") + "\"")
                    + "): a namespace is a lower-case PostgreSQL identifier (letters, digits and '_', starting with a "
                    + "letter or '_', at most 63 characters), e.g. namespace(\"recruiting\").");
        }
        this.namespace = name;
        return this;
    }

    /**
     * Whether {@link DbSteps#update()}, {@link DbSteps#updateTo(String)} and {@link DbSteps#updateCount(int)} may run
     * plain changesets from the changelog's compiled form, and rollbacks (and their plans) may undo plain changesets
     * from their stored SQL, with JDBC alone and without loading Liquibase (on by default). It applies where the jar
     * ships the compiled form for the configuration (docs/your-changelog.md, "The compiled path"); the history, undo,
     * archive and lock rows are the ones the Liquibase path writes, and anything the compiled form cannot run goes
     * through Liquibase as before. Off, every update and rollback goes through Liquibase.
     *
     * @param enabled false to run every update and rollback through Liquibase
     * @return this builder
     */
    public DbStepsBuilder compiledPath(boolean enabled) {
        this.compiledPath = enabled;
        return this;
    }

    /**
     * The class loader for changelogs and custom change classes; by default the one that loaded dbsteps.
     *
     * @param loader the class loader
     * @return this builder
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if it is null
     */
    public DbStepsBuilder classLoader(ClassLoader loader) {
        if (loader == null) {
            throw invalid("classLoader(null): pass a class loader, or do not call classLoader(...) to use the one "
                    + "that loaded dbsteps.");
        }
        this.classLoader = loader;
        return this;
    }

    /**
     * Checks the configuration and freezes it.
     *
     * @return a configured, immutable instance
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION}, {@link ErrorCode#UNKNOWN_SCHEMA} or
     *                          {@link ErrorCode#CHANGELOG_NOT_FOUND} if the configuration cannot work, e.g. a URL
     *                          that no JDBC driver on the class path accepts
     */
    public DbSteps load() {
        ClassLoader base = classLoader != null ? classLoader : DbSteps.class.getClassLoader();
        checkSource();
        List<Path> dirs = new ArrayList<>(searchPath);
        String path = changelogPath;
        if (path != null && Path.of(path).isAbsolute()) { // found from the root, and recorded without it
            Path file = Path.of(path).normalize();
            dirs.add(file.getRoot());
            path = file.getRoot().relativize(file).toString().replace('\\', '/');
        }
        ClassLoader loader = ChangelogFiles.searchPath(dirs, base);
        ChangelogRef changelog = changelog(loader, path);
        if (logTable != null || lockTable != null) {
            changelog = changelog.withTrackingTables(logTable, lockTable);
        }
        Duration backoff = tableLockTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? tableLockTimeout : Duration.ofSeconds(1);
        return new DbSteps(new Settings(source(changelog.name()), changelog, contexts, parameters, progress, loader,
                lockWait, allowUnverified, new TableLockPolicy(tableLockTimeout, tableLockRetries, backoff),
                compiledPath));
    }

    private void checkSource() {
        int given = (dataSource != null ? 1 : 0) + (connection != null ? 1 : 0) + (url != null ? 1 : 0);
        if (given == 0) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "No database is configured. Call "
                    + "dataSource(...), connection(...) or url(...), e.g. url(\"jdbc:sqlite:app.db\").");
        }
        if (given > 1) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "More than one database is configured. Call "
                    + "only one of dataSource(...), connection(...) and url(...).");
        }
        if (url == null) {
            return;
        }
        if (!url.startsWith("jdbc:")) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The URL '"
                    + SecretMask.of(password, url).apply(url) + "' is not a JDBC URL. It must start with jdbc:, e.g. "
                    + "jdbc:postgresql://localhost:5432/app or jdbc:sqlite:app.db.");
        }
        try {
            DriverManager.getDriver(url); // asks each driver whether it accepts the URL; connects to nothing
        } catch (SQLException e) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The URL '"
                    + SecretMask.of(password, url).apply(url) + "' is not one any JDBC driver on the class path "
                    + "accepts: its form is wrong (e.g. a port that is not a number), or its database's driver is "
                    + "missing. Use a URL such as jdbc:postgresql://localhost:5432/app or jdbc:sqlite:app.db, and put "
                    + "the driver on the class path.");
        }
        String sqliteProblem = SqliteUrl.problem(url);
        if (sqliteProblem != null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The URL '"
                    + SecretMask.of(password, url).apply(url) + "' cannot be used: " + sqliteProblem + ". Nothing was "
                    + "changed. Give the path of a database file, e.g. jdbc:sqlite:app.db.");
        }
    }

    private ConnectionSource source(String schemaName) {
        ConnectionSource plain = plainSource(schemaName);
        return namespace == null ? plain : new NamespacedSource(plain, namespace, schemaName);
    }

    private ConnectionSource plainSource(String schemaName) {
        if (dataSource != null) {
            return ConnectionSource.of(dataSource, schemaName);
        }
        if (connection != null) {
            return ConnectionSource.borrowed(connection, schemaName);
        }
        return ConnectionSource.of(url, user, password, schemaName);
    }

    private static DbStepsException invalid(String message) {
        return new DbStepsException(ErrorCode.INVALID_CONFIGURATION, message);
    }

    private ChangelogRef changelog(ClassLoader loader, String path) {
        if (schema != null && changelogPath != null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Both schema(\"" + schema + "\") and "
                    + "changelog(\"" + changelogPath + "\", ...) are configured. Call only one of them.");
        }
        if (path != null) {
            return ChangelogRef.custom(path, tablePrefix, loader);
        }
        return ChangelogRef.shipped(schema);
    }
}
