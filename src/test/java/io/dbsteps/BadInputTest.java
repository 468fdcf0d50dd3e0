package io.dbsteps;

import static io.dbsteps.testing.TestDb.Kind.POSTGRESQL;
import static io.dbsteps.testing.TestDb.Kind.SQLITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dbsteps.harness.RowChecksums;
import io.dbsteps.harness.SchemaSnapshot;
import io.dbsteps.reliability.ClosingDataSource;
import io.dbsteps.reliability.PasswordRefusingServer;
import io.dbsteps.testing.PostgresServer;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, one table of cases. Each case prepares a fresh database, takes its schema snapshot and the checksums
 * of every row (the tracking tables included), runs one command with bad input, and asserts:
 * <ul>
 *   <li>the {@link ErrorCode};</li>
 *   <li>fragments of the message, among them the advice on what to do;</li>
 *   <li>that the message names the schema (where one is configured by then) and holds no password;</li>
 *   <li>that it failed fast;</li>
 *   <li>that the database is unchanged: the same snapshot and the same row checksums.</li>
 * </ul>
 * A case that loses its connection in the middle of a changeset also proves that a new update then completes and
 * the database equals one updated to head without trouble.
 */
class BadInputTest {
    /** Every password in this class starts with this; no message may contain it. */
    private static final String SECRET = "s3cret-";
    /** Longer than any refusal may take: an unreachable server must fail fast too. */
    private static final Duration FAST = Duration.ofSeconds(15);
    private static final String SQL_TAG = "x'; DROP TABLE users; --";
    private static final TestDb.Kind[] BOTH = TestDb.Kind.values();

    /** What a case works on: a fresh database, and what must be cleaned up after it. */
    static final class Env implements AutoCloseable {
        final TestDb db;
        final TestDb.Kind kind;
        private final List<Runnable> cleanups = new ArrayList<>();
        String readOnlyRole;

        Env(TestDb.Kind kind) {
            this.kind = kind;
            this.db = TestDb.create(kind);
        }

        DbSteps codorch() {
            return db.configure().schema("codorch").load();
        }

        DbSteps changelog(String path, String prefix) {
            return db.configure().changelog(path, prefix).load();
        }

        /** A builder for this database as another user (PostgreSQL). */
        DbStepsBuilder as(String user, String password) {
            return DbSteps.configure().url(db.url(), user, password);
        }

        void execute(String... statements) throws SQLException {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
        }

        /** A new PostgreSQL role, dropped after the case (after its database). */
        String role(String attributes) {
            String name = "dbsteps_bad_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            PostgresServer.get().adminExecute("CREATE ROLE " + name + " " + attributes);
            cleanups.add(() -> PostgresServer.get().adminExecute("DROP ROLE IF EXISTS " + name));
            return name;
        }

        boolean roleExists(String name) throws SQLException {
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }

        /** A role that may connect and read every table, and nothing else. */
        void grantReadOnlyRole() throws SQLException {
            readOnlyRole = role("LOGIN PASSWORD '" + SECRET + "read-only'");
            execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                    "GRANT CONNECT ON DATABASE " + databaseName() + " TO " + readOnlyRole,
                    "GRANT USAGE ON SCHEMA public TO " + readOnlyRole,
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + readOnlyRole);
        }

        DbSteps readOnlyCodorch() {
            return as(readOnlyRole, SECRET + "read-only").schema("codorch").load();
        }

        String databaseName() {
            String path = db.url().substring(db.url().lastIndexOf('/') + 1);
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        void onClose(Runnable cleanup) {
            cleanups.add(cleanup);
        }

        @Override
        public void close() {
            db.close();
            cleanups.forEach(Runnable::run);
        }
    }

    /** Prepares a case's database, or checks it afterwards. */
    interface Step {
        void run(Env env) throws Exception;
    }

    /** The command with bad input. */
    interface Command {
        Object run(Env env) throws Exception;
    }

    /**
     * One row of the table.
     *
     * @param schema     the schema the message must name, or null where none is configured yet (builder arguments)
     * @param volatileRows tables whose rows may change (a lock row left marked by a session that broke), or "none"
     * @param then       what else to check afterwards
     */
    record Case(String name, TestDb.Kind kind, Step arrange, Command act, ErrorCode code, List<String> mentions,
                List<String> absent, String schema, String volatileRows, Step then) {
        Case without(String text) {
            List<String> more = new ArrayList<>(absent);
            more.add(text);
            return new Case(name, kind, arrange, act, code, mentions, more, schema, volatileRows, then);
        }

        Case naming(String schemaName) {
            return new Case(name, kind, arrange, act, code, mentions, absent, schemaName, volatileRows, then);
        }

        Case rowsMayChangeIn(String tables) {
            return new Case(name, kind, arrange, act, code, mentions, absent, schema, tables, then);
        }

        Case then(Step check) {
            return new Case(name, kind, arrange, act, code, mentions, absent, schema, volatileRows, check);
        }

        @Override
        public String toString() {
            return "[" + kind + "] " + name;
        }
    }

    private static Case refused(TestDb.Kind kind, String name, Step arrange, Command act, ErrorCode code,
            String... mentions) {
        return new Case(name, kind, arrange, act, code, List.of(mentions), List.of(), "codorch", "none", env -> { });
    }

    private static Stream<Case> onBoth(String name, Step arrange, Command act, ErrorCode code, String... mentions) {
        return Stream.of(BOTH).map(kind -> refused(kind, name, arrange, act, code, mentions));
    }

    /** A builder argument: refused before any schema is configured, so the message cannot name one. */
    private static Case builder(String name, Command act, String... mentions) {
        return refused(SQLITE, "builder: " + name, AT_5, act, ErrorCode.INVALID_CONFIGURATION, mentions).naming(null);
    }

    private static final Step NOTHING = env -> { };
    /** codorch with its first five changesets: history and data exist, release tag 1.0 is not applied yet. */
    private static final Step AT_5 = env -> env.codorch().updateCount(5);
    private static final Step NOTES_APPLIED = env -> env.changelog("checksum/original/changelog.yaml", "notes").update();
    private static final Step KEPT_APPLIED = env -> env.changelog("reliability/interrupted.yaml", "interrupted")
            .updateCount(1);
    private static final Step READ_ONLY_ROLE = env -> {
        AT_5.run(env);
        env.grantReadOnlyRole();
    };
    private static final Step PREVIEW_FIRST_APPLIED = env -> env.changelog("reliability/preview-fails.yaml", "preview")
            .updateCount(1);
    private static final HealthCheck HEALTHY = () -> true;

    static Stream<Case> cases() {
        return Stream.of(
                // ---------------------------------------------------------------- tags and counts
                onBoth("rollbackTo an unknown tag", AT_5, e -> e.codorch().rollbackTo("9.9"), ErrorCode.UNKNOWN_TAG,
                        "tag '9.9' is neither in the changelog nor in the database history", "Run history"),
                onBoth("updateTo an unknown tag", AT_5, e -> e.codorch().updateTo("9.9"), ErrorCode.UNKNOWN_TAG,
                        "Its release tags are [1.0]"),
                onBoth("planRollback to an unknown tag", AT_5, e -> e.codorch().planRollback("9.9"),
                        ErrorCode.UNKNOWN_TAG, "Run history to see the applied tags"),
                onBoth("rollbackSql to an unknown tag", AT_5, e -> e.codorch().rollbackSql("9.9"),
                        ErrorCode.UNKNOWN_TAG, "Run history to see the applied tags"),
                onBoth("rollbackTo a tag not applied yet", AT_5, e -> e.codorch().rollbackTo("1.0"),
                        ErrorCode.TAG_NOT_APPLIED, "tag '1.0' is in the changelog but not applied",
                        "update to the tag first"),
                onBoth("planRollback to a tag not applied yet", AT_5, e -> e.codorch().planRollback("1.0"),
                        ErrorCode.TAG_NOT_APPLIED, "update to the tag first"),
                onBoth("rollbackSql to a tag not applied yet", AT_5, e -> e.codorch().rollbackSql("1.0"),
                        ErrorCode.TAG_NOT_APPLIED, "update to the tag first"),
                onBoth("rollbackCount larger than the history", AT_5, e -> e.codorch().rollbackCount(6),
                        ErrorCode.INVALID_ARGUMENT, "only 5 are applied", "Use a count of at most 5"),
                onBoth("planRollbackCount larger than the history", AT_5, e -> e.codorch().planRollbackCount(99),
                        ErrorCode.INVALID_ARGUMENT, "Use a count of at most 5"),

                // ---------------------------------------------------------------- tag names holding SQL
                onBoth("tag() with quotes and SQL", AT_5, e -> e.codorch().tag(SQL_TAG), ErrorCode.INVALID_ARGUMENT,
                        "is not a valid tag name", "Use letters, digits"),
                onBoth("updateTo() with a semicolon", AT_5, e -> e.codorch().updateTo("1.0; DROP TABLE users"),
                        ErrorCode.INVALID_ARGUMENT, "is not a valid tag name", "Use letters, digits"),
                onBoth("rollbackTo() with an OR clause", AT_5, e -> e.codorch().rollbackTo("' OR '1'='1"),
                        ErrorCode.INVALID_ARGUMENT, "is not a valid tag name", "Use letters, digits"),
                onBoth("planRollback() with a double quote and comment", AT_5,
                        e -> e.codorch().planRollback("1.0\"--"), ErrorCode.INVALID_ARGUMENT,
                        "is not a valid tag name", "Use letters, digits"),
                onBoth("rollbackSql() with a DELETE", AT_5,
                        e -> e.codorch().rollbackSql("x'); DELETE FROM dbsteps_codorch_log; --"),
                        ErrorCode.INVALID_ARGUMENT, "is not a valid tag name", "Use letters, digits"),

                // ---------------------------------------------------------------- null and empty command arguments
                Stream.of(
                        refused(SQLITE, "updateTo(null)", AT_5, e -> e.codorch().updateTo(null),
                                ErrorCode.INVALID_ARGUMENT, "the tag is empty. Give a tag name such as 1.0"),
                        refused(SQLITE, "updateTo(\"\")", AT_5, e -> e.codorch().updateTo(""),
                                ErrorCode.INVALID_ARGUMENT, "Give a tag name such as 1.0"),
                        refused(SQLITE, "updateCount(0)", AT_5, e -> e.codorch().updateCount(0),
                                ErrorCode.INVALID_ARGUMENT, "must be at least 1"),
                        refused(SQLITE, "tag(null)", AT_5, e -> e.codorch().tag(null), ErrorCode.INVALID_ARGUMENT,
                                "Give a tag name such as 1.0"),
                        refused(SQLITE, "tag(blank)", AT_5, e -> e.codorch().tag("  "), ErrorCode.INVALID_ARGUMENT,
                                "Give a tag name such as 1.0"),
                        refused(SQLITE, "rollbackTo(null)", AT_5, e -> e.codorch().rollbackTo(null),
                                ErrorCode.INVALID_ARGUMENT, "Give a tag name such as 1.0"),
                        refused(SQLITE, "rollbackTo(\"\", DISCARD)", AT_5,
                                e -> e.codorch().rollbackTo("", DataPolicy.DISCARD), ErrorCode.INVALID_ARGUMENT,
                                "Give a tag name such as 1.0"),
                        refused(SQLITE, "rollbackTo(tag, null policy)", AT_5, e -> e.codorch().rollbackTo("1.0", null),
                                ErrorCode.INVALID_ARGUMENT, "Use DataPolicy.ARCHIVE (the default) or DataPolicy.DISCARD"),
                        refused(SQLITE, "rollbackCount(0)", AT_5, e -> e.codorch().rollbackCount(0),
                                ErrorCode.INVALID_ARGUMENT, "must be at least 1"),
                        refused(SQLITE, "rollbackCount(1, null policy)", AT_5, e -> e.codorch().rollbackCount(1, null),
                                ErrorCode.INVALID_ARGUMENT, "Use DataPolicy.ARCHIVE"),
                        refused(SQLITE, "planRollback(null)", AT_5, e -> e.codorch().planRollback(null),
                                ErrorCode.INVALID_ARGUMENT, "Give a tag name such as 1.0"),
                        refused(SQLITE, "planRollbackCount(-1)", AT_5, e -> e.codorch().planRollbackCount(-1),
                                ErrorCode.INVALID_ARGUMENT, "must be at least 1"),
                        refused(SQLITE, "rollbackSql(null)", AT_5, e -> e.codorch().rollbackSql(null),
                                ErrorCode.INVALID_ARGUMENT, "Give a tag name such as 1.0"),
                        refused(SQLITE, "adopt(null)", AT_5, e -> e.codorch().adopt(null), ErrorCode.INVALID_ARGUMENT,
                                "Give a tag name such as 1.0"),
                        refused(SQLITE, "release(null, ...)", AT_5,
                                e -> e.codorch().release(null, HEALTHY, Duration.ofSeconds(30)),
                                ErrorCode.INVALID_ARGUMENT, "Give a tag name such as 1.0"),
                        refused(SQLITE, "release(tag, null check, ...)", AT_5,
                                e -> e.codorch().release("1.0", null, Duration.ofSeconds(30)),
                                ErrorCode.INVALID_ARGUMENT, "Pass a HealthCheck"),
                        refused(SQLITE, "release(tag, check, null timeout)", AT_5,
                                e -> e.codorch().release("1.0", HEALTHY, null), ErrorCode.INVALID_ARGUMENT,
                                "must be positive, e.g. Duration.ofSeconds(30)"),
                        refused(SQLITE, "release(tag, check, zero timeout)", AT_5,
                                e -> e.codorch().release("1.0", HEALTHY, Duration.ZERO), ErrorCode.INVALID_ARGUMENT,
                                "must be positive")),

                // ---------------------------------------------------------------- null and empty builder arguments
                Stream.of(
                        builder("dataSource(null)", e -> DbSteps.configure().dataSource(null),
                                "Pass the host's DataSource"),
                        builder("connection(null)", e -> DbSteps.configure().connection(null),
                                "Pass an open connection"),
                        builder("url(null)", e -> DbSteps.configure().url(null), "the JDBC URL is empty",
                                "jdbc:sqlite:app.db"),
                        builder("url(blank, user, password)",
                                e -> DbSteps.configure().url(" ", "app", SECRET + "pw"), "the JDBC URL is empty"),
                        builder("schema(null)", e -> DbSteps.configure().url(e.db.url()).schema(null),
                                "Call schema(...) with one of [aarlp, codorch"),
                        builder("schema(\"\")", e -> DbSteps.configure().url(e.db.url()).schema(""),
                                "Call schema(...) with one of"),
                        builder("changelog(null, prefix)", e -> DbSteps.configure().changelog(null, "app"),
                                "Give the classpath path of a changelog"),
                        builder("changelog(path, null)",
                                e -> DbSteps.configure().changelog("checksum/original/changelog.yaml", null),
                                "Give one such as myapp"),
                        builder("changelog(\"\", \"\")", e -> DbSteps.configure().changelog("", ""),
                                "Give the classpath path of a changelog"),
                        builder("contexts(null array)", e -> DbSteps.configure().contexts((String[]) null),
                                "give context names such as sample-data"),
                        builder("contexts(a null name)", e -> DbSteps.configure().contexts("a", null),
                                "Give context names such as sample-data"),
                        builder("parameter(null, value)", e -> DbSteps.configure().parameter(null, "v"),
                                "needs a name and a value"),
                        builder("parameter(name, null)", e -> DbSteps.configure().parameter("n", null),
                                "needs a name and a value"),
                        builder("lockWait(null)", e -> DbSteps.configure().lockWait(null),
                                "e.g. Duration.ofMinutes(5)"),
                        builder("classLoader(null)", e -> DbSteps.configure().classLoader(null),
                                "do not call classLoader(...)"),
                        builder("load() without a database", e -> DbSteps.configure().schema("codorch").load(),
                                "Call dataSource(...), connection(...) or url(...)"),
                        builder("load() without a schema", e -> DbSteps.configure().url(e.db.url()).load(),
                                "Call schema(...) with one of"),
                        refused(SQLITE, "builder: an unknown schema name", AT_5,
                                e -> DbSteps.configure().url(e.db.url()).schema("payroll").load(),
                                ErrorCode.UNKNOWN_SCHEMA, "Unknown schema 'payroll'", "pick one of them").naming(null),
                        builder("a URL that is not JDBC",
                                e -> DbSteps.configure().url("postgres://127.0.0.1/app").schema("codorch").load(),
                                "It must start with jdbc:"),
                        builder("a malformed PostgreSQL URL (port not a number)",
                                e -> DbSteps.configure().url("jdbc:postgresql://127.0.0.1:notaport/app", "app",
                                        SECRET + "pw").schema("codorch").load(),
                                "is not one any JDBC driver on the class path accepts", "jdbc:postgresql://localhost"),
                        builder("a URL of a database without a driver",
                                e -> DbSteps.configure().url("jdbc:nosuchdb://h/app?password=" + SECRET + "x")
                                        .schema("codorch").load(),
                                "is not one any JDBC driver on the class path accepts", "put the driver on the class path")),

                // ---------------------------------------------------------------- connections
                Stream.of(
                        refused(POSTGRESQL, "nothing listens on the port", AT_5,
                                e -> DbSteps.configure().url("jdbc:postgresql://127.0.0.1:1/app?connectTimeout=2",
                                        "app", SECRET + "pw").schema("codorch").load().update(),
                                ErrorCode.CONNECTION_FAILED, "Could not connect to jdbc:postgresql://127.0.0.1:1/app",
                                "check the host and port in the URL, and that the database server is running"),
                        refused(POSTGRESQL, "an unknown host", AT_5,
                                e -> DbSteps.configure().url("jdbc:postgresql://no-such-host.invalid/app?connectTimeout=2",
                                        "app", SECRET + "pw").schema("codorch").load().update(),
                                ErrorCode.CONNECTION_FAILED, "The host name in the URL is not known"),
                        refused(POSTGRESQL, "a wrong password (a server that checks it)", AT_5, e -> {
                            PasswordRefusingServer server = new PasswordRefusingServer();
                            e.onClose(server::close);
                            try {
                                return DbSteps.configure().url(server.url(), "app", SECRET + "wrong")
                                        .schema("codorch").load().update();
                            } finally {
                                assertThat(server.usersThatSentAPassword()).as("a password was asked and sent")
                                        .containsExactly("app");
                            }
                        }, ErrorCode.CONNECTION_FAILED, "password authentication failed for user \"app\"",
                                "check the password given for this user"),
                        refused(POSTGRESQL, "a role that may not log in", AT_5,
                                e -> e.as(e.role("NOLOGIN"), SECRET + "pw").schema("codorch").load().update(),
                                ErrorCode.CONNECTION_FAILED, "is not permitted to log in",
                                "may log in (LOGIN)"),
                        refused(POSTGRESQL, "a database that does not exist", AT_5,
                                e -> DbSteps.configure().url(PostgresServer.get().urlFor("dbsteps_no_such_database"),
                                        e.db.user(), e.db.password()).schema("codorch").load().update(),
                                ErrorCode.CONNECTION_FAILED, "database \"dbsteps_no_such_database\" does not exist",
                                "create it (CREATE DATABASE), or fix the database name in the URL"),
                        refused(POSTGRESQL, "a currentSchema that does not exist", NOTHING,
                                e -> DbSteps.configure().url(withParameters(e.db.url(), "currentSchema=no_such_schema"),
                                        e.db.user(), e.db.password()).schema("codorch").load().update(),
                                ErrorCode.INVALID_CONFIGURATION, "no schema has been selected to create in",
                                "create that schema (CREATE SCHEMA), or fix currentSchema in the URL"),
                        refused(SQLITE, "an SQLite file in a folder that does not exist", AT_5,
                                e -> DbSteps.configure().url(e.db.url().replace("test.db", "missing/folder/app.db"))
                                        .schema("codorch").load().update(),
                                ErrorCode.CONNECTION_FAILED, "does not exist",
                                "Check that the SQLite file's folder exists and is writable")),

                // ---------------------------------------------------------------- read-only users and files
                Stream.of(
                        refused(POSTGRESQL, "update as a role with only CONNECT and SELECT", READ_ONLY_ROLE,
                                e -> e.readOnlyCodorch().update(), ErrorCode.PERMISSION_DENIED,
                                "permission denied for table dbsteps_codorch_lock",
                                "Connect as a user that may create and change tables in this schema"),
                        refused(POSTGRESQL, "tag as a role with only CONNECT and SELECT", READ_ONLY_ROLE,
                                e -> e.readOnlyCodorch().tag("before-hotfix"), ErrorCode.PERMISSION_DENIED,
                                "permission denied", "Connect as a user that may create and change tables"),
                        refused(POSTGRESQL, "rollbackCount as a role with only CONNECT and SELECT", READ_ONLY_ROLE,
                                e -> e.readOnlyCodorch().rollbackCount(1), ErrorCode.PERMISSION_DENIED,
                                "permission denied", "Connect as a user that may create and change tables"),
                        refused(POSTGRESQL, "update on a read-only connection (readOnly=true)", AT_5,
                                e -> DbSteps.configure().url(withParameters(e.db.url(),
                                        "readOnly=true&readOnlyMode=always"), e.db.user(), e.db.password())
                                        .schema("codorch").load().update(),
                                ErrorCode.PERMISSION_DENIED, "read-only transaction", "no readOnly=true"),
                        refused(SQLITE, "update on a file opened read-only", AT_5,
                                e -> DbSteps.configure().url(e.db.url() + "?open_mode=1").schema("codorch").load()
                                        .update(),
                                ErrorCode.PERMISSION_DENIED, "SQLITE_READONLY", "no open_mode=1 for SQLite"),
                        refused(SQLITE, "tag on a file opened read-only", AT_5,
                                e -> DbSteps.configure().url(e.db.url() + "?open_mode=1").schema("codorch").load()
                                        .tag("before-hotfix"),
                                ErrorCode.PERMISSION_DENIED, "SQLITE_READONLY", "a file this process may write"),
                        refused(SQLITE, "rollbackCount on a file opened read-only", AT_5,
                                e -> DbSteps.configure().url(e.db.url() + "?open_mode=1").schema("codorch").load()
                                        .rollbackCount(1),
                                ErrorCode.PERMISSION_DENIED, "SQLITE_READONLY", "no open_mode=1 for SQLite")),

                // ---------------------------------------------------------------- an edited changelog
                checksum("update", DbSteps::update),
                checksum("validate", DbSteps::validate),
                checksum("rollbackCount", s -> s.rollbackCount(1)),

                // ---------------------------------------------------------------- a preview that cannot render
                Stream.of(BOTH).map(kind -> refused(kind, "updateSql stops at a changeset it cannot render",
                        PREVIEW_FIRST_APPLIED, e -> e.changelog("reliability/preview-fails.yaml", "preview").updateSql(),
                        ErrorCode.CHANGESET_FAILED,
                        "update SQL preview stopped at changeset reliability/preview-fails.yaml::2-cannot-render::test",
                        "this change cannot produce its SQL", "Nothing was changed", "preview again")
                        .naming("preview").without("stay applied").without("not recorded")),

                // ---------------------------------------------------------------- the connection goes away mid-update
                Stream.of(BOTH).map(kind -> refused(kind, "the connection closes in the middle of a changeset",
                        KEPT_APPLIED, e -> {
                            ClosingDataSource breaking = new ClosingDataSource(e.db, "INSERT INTO half");
                            try {
                                return DbSteps.configure().dataSource(breaking)
                                        .changelog("reliability/interrupted.yaml", "interrupted").load().update();
                            } finally {
                                assertThat(breaking.fired()).as("the connection was closed at the marker").isTrue();
                            }
                        }, ErrorCode.CONNECTION_FAILED,
                        "at changeset reliability/interrupted.yaml::2-interrupted::test",
                        "the connection to the database was lost", "run the command again")
                        .naming("interrupted").rowsMayChangeIn(LOCK_ROW_OF_A_BROKEN_SESSION)
                        .then(kind == POSTGRESQL ? BadInputTest::aNewUpdateCompletesToHead
                                : BadInputTest::nothingOfTheBrokenChangesetStayed)),
                Stream.of(refused(POSTGRESQL, "the server terminates the session in the middle of a changeset",
                        KEPT_APPLIED, BadInputTest::updateWhileTheBackendIsTerminated, ErrorCode.CONNECTION_FAILED,
                        "at changeset reliability/interrupted.yaml::2-interrupted::test",
                        "terminating connection due to administrator command", "run the command again")
                        .naming("interrupted").rowsMayChangeIn(LOCK_ROW_OF_A_BROKEN_SESSION)
                        .then(BadInputTest::aNewUpdateCompletesToHead))
        ).flatMap(s -> s);
    }

    /**
     * The lock row a session marks when it takes the lock stays marked when its connection breaks before it can
     * clear it; the next dbsteps command takes it over (the session lock itself went with the connection).
     */
    private static final String LOCK_ROW_OF_A_BROKEN_SESSION = "interrupted_lock";

    private interface NotesCommand {
        Object run(DbSteps edited);
    }

    private static Stream<Case> checksum(String command, NotesCommand act) {
        return Stream.of(BOTH).map(kind -> refused(kind, command + " after an applied changeset was edited",
                NOTES_APPLIED, e -> act.run(e.changelog("checksum/edited/changelog.yaml", "notes")),
                ErrorCode.CHECKSUM_MISMATCH, "checksum/changelog.yaml::1-create-notes::test was: 9:", "but is now: 9:",
                "restore its original text, and put the new change in a new changeset").naming("notes"));
    }

    private static Object updateWhileTheBackendIsTerminated(Env env) throws Exception {
        DbSteps slow = env.db.configure().changelog("reliability/interrupted.yaml", "interrupted")
                .parameter("pause_seconds", "60").load();
        Thread killer = new Thread(() -> {
            try (Connection c = env.db.connect(); Statement st = c.createStatement()) {
                for (int i = 0; i < 300; i++) {
                    Thread.sleep(50);
                    try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                            + "AND query LIKE 'SELECT pg_sleep(60)%'")) {
                        if (rs.next()) {
                            return;
                        }
                    }
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "terminator");
        killer.start();
        try {
            return slow.update();
        } finally {
            killer.join();
        }
    }

    /** Nothing of the broken changeset stayed. */
    private static void nothingOfTheBrokenChangesetStayed(Env env) {
        assertThat(env.changelog("reliability/interrupted.yaml", "interrupted").history().applied())
                .extracting(AppliedChange::id).containsExactly("1-create-kept");
    }

    /**
     * Nothing of the broken changeset stayed, a new update applies it and the rest, and the result equals head.
     *
     * <p>On SQLite this part does not hold yet; see {@link #onSqliteANewUpdateCompletesAfterABrokenConnection()}.
     */
    private static void aNewUpdateCompletesToHead(Env env) throws Exception {
        nothingOfTheBrokenChangesetStayed(env);
        DbSteps steps = env.db.configure().changelog("reliability/interrupted.yaml", "interrupted")
                .lockWait(Duration.ofSeconds(5)).load();
        assertThat(steps.update().steps()).extracting(io.dbsteps.Step::id).containsExactly("2-interrupted", "3-after");
        try (TestDb head = TestDb.create(env.kind)) {
            head.configure().changelog("reliability/interrupted.yaml", "interrupted").load().update();
            try (Connection expected = head.connect(); Connection actual = env.db.connect()) {
                assertThat(SchemaSnapshot.take(expected, "none").differencesTo(SchemaSnapshot.take(actual, "none")))
                        .as("the schema after the new update is head's").isEmpty();
                assertThat(RowChecksums.of(actual, "interrupted_.*")).as("the data after the new update is head's")
                        .isEqualTo(RowChecksums.of(expected, "interrupted_.*"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithItsCodeAndAdviceAndChangesNothing(Case c) throws Exception {
        try (Env env = new Env(c.kind())) {
            c.arrange().run(env);
            State before = State.of(env, c.volatileRows());

            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> c.act().run(env));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(thrown).as(c + ": what was thrown").isInstanceOf(DbStepsException.class);
            DbStepsException e = (DbStepsException) thrown;
            String message = e.getMessage();
            assertThat(e.code()).as(c + ": the code of " + message).isEqualTo(c.code());
            assertThat(message).as(c + ": the message").contains(c.mentions()).doesNotContain(SECRET);
            c.absent().forEach(text -> assertThat(message).as(c + ": the message").doesNotContain(text));
            if (c.schema() != null) {
                assertThat(message).as(c + ": the message names the schema").containsIgnoringCase("schema " + c.schema());
            }
            assertThat(took).as(c + ": how long the refusal took").isLessThan(FAST);

            State after = State.of(env, c.volatileRows());
            assertThat(before.schema().differencesTo(after.schema())).as(c + ": the schema afterwards").isEmpty();
            assertThat(after.rows()).as(c + ": the rows afterwards").isEqualTo(before.rows());
            c.then().run(env);
        }
    }

    /**
     * A wrong password against the test server itself. Most servers check passwords on 127.0.0.1. Where one trusts
     * that address, {@code .ci/run} makes it check the passwords of the members of {@code dbsteps_password_checked},
     * and the role this test creates is one. On a server that trusts the test role all the same (a machine where
     * {@code .ci/run} has not run), this test says so and is skipped, reported and never silent; the table's case "a
     * wrong password" covers the refusal there with an endpoint that asks for a password.
     */
    @Test
    void aWrongPasswordOnTheTestServer() throws Exception {
        try (Env env = new Env(POSTGRESQL)) {
            AT_5.run(env);
            String role = env.role("LOGIN PASSWORD '" + SECRET + "right'");
            env.execute("GRANT CONNECT ON DATABASE " + env.databaseName() + " TO " + role);
            if (env.roleExists("dbsteps_password_checked")) {
                PostgresServer.get().adminExecute("GRANT dbsteps_password_checked TO " + role);
            }
            Properties wrong = new Properties();
            wrong.setProperty("user", role);
            wrong.setProperty("password", SECRET + "wrong");
            boolean trusted;
            try (Connection c = DriverManager.getConnection(env.db.url(), wrong)) {
                trusted = true;
            } catch (SQLException e) {
                trusted = false;
            }
            Assumptions.assumeFalse(trusted, "the test server at " + env.db.url() + " lets " + role + " in with a "
                    + "wrong password (pg_hba.conf has trust for this host), so it cannot refuse one");
            State before = State.of(env, "none");
            DbStepsApiTest.refused(() -> env.as(role, SECRET + "wrong").schema("codorch").load().update(),
                    ErrorCode.CONNECTION_FAILED, "check the password given for this user");
            assertThatNoSecret(() -> env.as(role, SECRET + "wrong").schema("codorch").load().update());
            State after = State.of(env, "none");
            assertThat(before.schema().differencesTo(after.schema())).isEmpty();
            assertThat(after.rows()).isEqualTo(before.rows());
        }
    }

    /**
     * After an SQLite connection broke in the middle of an update, the next update must complete. The SQLite lock is
     * a file lock of this JVM, held per connection, so the broken command must release it although its connection is
     * gone (on PostgreSQL the advisory lock goes with the connection, and the table's case proves the new update).
     */
    @Test
    void onSqliteANewUpdateCompletesAfterABrokenConnection() throws Exception {
        try (Env env = new Env(SQLITE)) {
            KEPT_APPLIED.run(env);
            ClosingDataSource breaking = new ClosingDataSource(env.db, "INSERT INTO half");
            DbStepsApiTest.refused(() -> DbSteps.configure().dataSource(breaking)
                    .changelog("reliability/interrupted.yaml", "interrupted").load().update(),
                    ErrorCode.CONNECTION_FAILED, "the connection to the database was lost");
            aNewUpdateCompletesToHead(env);
        }
    }

    private static void assertThatNoSecret(Runnable command) {
        assertThat(catchThrowable(command::run)).isInstanceOf(DbStepsException.class)
                .hasMessageNotContaining(SECRET);
    }

    /** The table has at least the cases the brief of this matrix asks for. */
    @Test
    void theTableIsLarge() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(30);
    }

    /** A database's schema and rows at one moment. */
    private record State(SchemaSnapshot schema, SortedMap<String, String> rows) {
        static State of(Env env, String volatileRows) {
            try (Connection c = env.db.connect()) {
                return new State(SchemaSnapshot.take(c, "none"), RowChecksums.of(c, volatileRows));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String withParameters(String url, String parameters) {
        return url + (url.contains("?") ? "&" : "?") + parameters;
    }
}
