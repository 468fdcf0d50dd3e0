package io.dbsteps;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Collects the configuration of a {@link DbSteps} instance. {@link #load()} checks it, copies it and freezes it;
 * the builder can be reused afterwards without affecting instances already loaded.
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
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private ProgressListener progress;
    private ClassLoader classLoader;
    private Duration lockWait = Duration.ofMinutes(5);

    DbStepsBuilder() {
    }

    /**
     * Runs each command on a connection from this DataSource, returned to it afterwards.
     *
     * @param dataSource the host's DataSource
     * @return this builder
     */
    public DbStepsBuilder dataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        return this;
    }

    /**
     * Runs each command on this connection. It is borrowed: dbsteps never closes it and restores its autoCommit.
     *
     * @param connection an open connection
     * @return this builder
     */
    public DbStepsBuilder connection(Connection connection) {
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
     */
    public DbStepsBuilder url(String url, String user, String password) {
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
     */
    public DbStepsBuilder schema(String schema) {
        this.schema = schema;
        return this;
    }

    /**
     * Selects a changelog of the host's own instead of a shipped schema.
     *
     * @param classpathPath the changelog's classpath path, e.g. {@code db/changelog.yaml}
     * @param tablePrefix   the prefix of its tracking tables {@code <prefix>_log} and {@code <prefix>_lock}
     * @return this builder
     */
    public DbStepsBuilder changelog(String classpathPath, String tablePrefix) {
        this.changelogPath = classpathPath;
        this.tablePrefix = tablePrefix;
        return this;
    }

    /**
     * Adds Liquibase contexts; changesets with a context run only when it is given.
     *
     * @param names context names
     * @return this builder
     */
    public DbStepsBuilder contexts(String... names) {
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
     * changelog's own default for that name.
     *
     * @param name  the parameter name
     * @param value its value
     * @return this builder
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
     */
    public DbStepsBuilder lockWait(Duration wait) {
        if (wait == null || wait.isNegative()) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION,
                    "The lock wait must be zero or positive, e.g. Duration.ofMinutes(5); got " + wait + ".");
        }
        this.lockWait = wait;
        return this;
    }

    /**
     * The class loader for changelogs and custom change classes; by default the one that loaded dbsteps.
     *
     * @param loader the class loader
     * @return this builder
     */
    public DbStepsBuilder classLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    /**
     * Checks the configuration and freezes it.
     *
     * @return a configured, immutable instance
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION}, {@link ErrorCode#UNKNOWN_SCHEMA} or
     *                          {@link ErrorCode#CHANGELOG_NOT_FOUND} if the configuration cannot work
     */
    public DbSteps load() {
        ClassLoader loader = classLoader != null ? classLoader : DbSteps.class.getClassLoader();
        return new DbSteps(new Settings(source(), changelog(loader), contexts, parameters, progress, loader, lockWait));
    }

    private ConnectionSource source() {
        int given = (dataSource != null ? 1 : 0) + (connection != null ? 1 : 0) + (url != null ? 1 : 0);
        if (given == 0) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "No database is configured. Call "
                    + "dataSource(...), connection(...) or url(...), e.g. url(\"jdbc:sqlite:app.db\").");
        }
        if (given > 1) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "More than one database is configured. Call "
                    + "only one of dataSource(...), connection(...) and url(...).");
        }
        if (dataSource != null) {
            return ConnectionSource.of(dataSource);
        }
        if (connection != null) {
            return ConnectionSource.borrowed(connection);
        }
        if (!url.startsWith("jdbc:")) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The URL '"
                    + SecretMask.of(password, url).apply(url) + "' is not a JDBC URL. It must start with jdbc:, e.g. "
                    + "jdbc:postgresql://localhost:5432/app or jdbc:sqlite:app.db.");
        }
        return ConnectionSource.of(url, user, password);
    }

    private ChangelogRef changelog(ClassLoader loader) {
        if (schema != null && changelogPath != null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "Both schema(\"" + schema + "\") and "
                    + "changelog(\"" + changelogPath + "\", ...) are configured. Call only one of them.");
        }
        if (changelogPath != null) {
            return ChangelogRef.custom(changelogPath, tablePrefix, loader);
        }
        return ChangelogRef.shipped(schema);
    }
}
