package io.dbsteps.reliability;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.DbStepsException;
import io.dbsteps.cli.Main;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;

/**
 * Runs in a fresh JVM for {@link NoNetworkTest}, under a {@link NetworkWatch}: every dbsteps command through the Java
 * API, or through the CLI, against one database; or plain Liquibase with its defaults; or the watch's self-check.
 * Prints what the watch saw, each command's outcome ({@code command <name> ok|error <code>}) and the analytics
 * setting in force while changesets ran ({@code analytics <value>}).
 *
 * <p>Arguments: {@code api|cli|liquibase|selfcheck}, the JDBC URL, the user and the password ({@code -} for none),
 * and the allowed {@code host:port} pairs, comma-separated ({@code -} for none).
 */
final class NetworkProbe {
    private final String url;
    private final String user;
    private final String password;

    private NetworkProbe(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static void main(String[] args) throws Exception {
        Set<String> allowed = args[4].equals("-") ? Set.of() : Set.of(args[4].split(","));
        NetworkWatch watch = NetworkWatch.install(allowed, System.out);
        NetworkProbe probe = new NetworkProbe(args[1], none(args[2]), none(args[3]));
        switch (args[0]) {
            case "api" -> probe.api();
            case "cli" -> probe.cli();
            case "liquibase" -> probe.plainLiquibase();
            case "selfcheck" -> selfCheck();
            default -> throw new IllegalArgumentException(args[0]);
        }
        watch.printSocketIo();
        System.out.println("done " + args[0]);
    }

    private static String none(String arg) {
        return arg.equals("-") ? null : arg;
    }

    private DbStepsBuilder configure(String schema) {
        // a changeset on the compiled path runs outside any Liquibase scope: Liquibase is not running at all
        return DbSteps.configure().url(url, user, password).schema(schema).progress(step -> System.out.println(
                Scope.getCurrentScope().get(io.dbsteps.internal.lock.SchemaLock.SCOPE_KEY, Object.class) == null
                        ? "analytics none: compiled path"
                        : "analytics " + Scope.getCurrentScope().get(AnalyticsArgs.ENABLED.getKey(), Object.class)
                                + " " + AnalyticsArgs.ENABLED.getCurrentValue()));
    }

    /** Every command of the Java API. */
    private void api() throws Exception {
        DbSteps codorch = configure("codorch").load();
        run("status", codorch::status);
        run("updateSql", codorch::updateSql);
        run("update", codorch::update);
        run("history", codorch::history);
        run("validate", codorch::validate);
        run("checkDrift", codorch::checkDrift);
        run("snapshot", codorch::snapshot);
        run("planRollbackCount", () -> codorch.planRollbackCount(2));
        run("rollbackCount", () -> codorch.rollbackCount(2));
        run("tag", () -> codorch.tag("net-check"));
        run("updateCount", () -> codorch.updateCount(1));
        run("planRollback", () -> codorch.planRollback("net-check"));
        run("rollbackSql", () -> codorch.rollbackSql("net-check"));
        run("rollbackTo", () -> codorch.rollbackTo("net-check"));
        // adoption compares the whole live schema with the release: codorch goes, so that only trajectory is there
        run("rollbackCount", () -> codorch.rollbackCount(applied("dbsteps_codorch_log")));
        DbSteps trajectory = configure("trajectory").load();
        run("updateTo", () -> trajectory.updateTo("1.0"));
        run("release", () -> trajectory.release("2.0", () -> true, Duration.ofSeconds(30)));
        run("rollbackTo", () -> trajectory.rollbackTo("1.0"));
        forgetHistory("dbsteps_trajectory_log");
        run("adopt", () -> trajectory.adopt("1.0"));
    }

    /** Every command of the CLI, in-process, as the CLI's main runs it. */
    private void cli() throws Exception {
        List<List<String>> commands = List.of(
                List.of("schemas"),
                List.of("status", "--schema", "codorch"),
                List.of("sql", "--schema", "codorch"),
                List.of("update", "--schema", "codorch"),
                List.of("history", "--schema", "codorch", "--json"),
                List.of("validate", "--schema", "codorch"),
                List.of("drift", "--schema", "codorch"),
                List.of("rollback", "--schema", "codorch", "--count", "2", "--dry-run"),
                List.of("rollback", "--schema", "codorch", "--count", "2"),
                List.of("tag", "--schema", "codorch", "net-check"),
                List.of("update", "--schema", "codorch", "--count", "1"),
                List.of("sql", "--schema", "codorch", "--rollback-to", "net-check"),
                List.of("rollback", "--schema", "codorch", "--to", "net-check"),
                List.of("rollback", "--schema", "codorch", "--count", "ALL"),
                List.of("update", "--schema", "trajectory", "--to", "1.0"),
                List.of("release", "--schema", "trajectory", "--to", "2.0", "--check-sql", "SELECT 1 = 1"),
                List.of("rollback", "--schema", "trajectory", "--to", "1.0"),
                List.of("adopt", "--schema", "trajectory", "--tag", "1.0"));
        for (List<String> command : commands) {
            if (command.get(0).equals("adopt")) {
                forgetHistory("dbsteps_trajectory_log");
            }
            List<String> args = new ArrayList<>(command);
            if (args.contains("ALL")) {
                // adoption compares the whole live schema with the release: codorch goes, so that only trajectory is there
                args.set(args.indexOf("ALL"), Integer.toString(applied("dbsteps_codorch_log")));
            }
            if (!command.get(0).equals("schemas")) {
                args.addAll(List.of("--url", url));
                if (user != null) {
                    args.addAll(List.of("--user", user));
                }
                if (password != null) {
                    args.addAll(List.of("--password", password));
                }
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            System.out.println("command " + String.join(" ", command.subList(0, Math.min(2, command.size())))
                    + (code == 0 ? " ok" : " error exit " + code + ": " + err.toString().trim()));
        }
    }

    /** Plain Liquibase with its defaults, analytics included: what the watch must see if dbsteps let it through. */
    private void plainLiquibase() throws Exception {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(),
                new liquibase.resource.ClassLoaderResourceAccessor(NetworkProbe.class.getClassLoader()));
        Scope.child(scope, () -> {
            CommandScope update = new CommandScope("update");
            update.addArgumentValue("url", url);
            update.addArgumentValue("changelogFile", "dbsteps/codorch/changelog.yaml");
            update.addArgumentValue("databaseChangelogTableName", "plain_log");
            update.addArgumentValue("databaseChangelogLockTableName", "plain_lock");
            update.execute();
        });
        System.out.println("command liquibase update ok");
    }

    /** Every kind of attempt the watch claims to see, so that the test knows it can fail. */
    private static void selfCheck() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread sink = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        in.readAllBytes();
                    } catch (Exception ignored) {
                        // closed at the end
                    }
                }
            });
            sink.setDaemon(true);
            sink.start();
            int port = server.getLocalPort();
            System.out.println("selfcheck port " + port);
            attempt("socket", () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    OutputStream out = s.getOutputStream();
                    out.write("socket".getBytes());
                    out.flush();
                }
                return null;
            });
            attempt("channel", () -> {
                try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                    ch.write(ByteBuffer.wrap("channel".getBytes()));
                }
                return null;
            });
            attempt("blocked-socket", () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("192.0.2.1", 5432), 2000);
                }
                return null;
            });
            attempt("url-connection", () -> {
                HttpURLConnection c = (HttpURLConnection) URI.create("https://watch-check.invalid/analytics").toURL()
                        .openConnection();
                c.setConnectTimeout(2000);
                return c.getResponseCode();
            });
            attempt("http-client", () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://watch-check.invalid/client")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode());
            Thread.sleep(200); // the sink reads what was written
        }
    }

    private static void attempt(String what, Callable<?> action) {
        try {
            action.call();
            System.out.println("attempt " + what + " connected");
        } catch (Exception e) {
            System.out.println("attempt " + what + " failed: " + e);
        }
    }

    private void run(String name, Callable<?> command) {
        try {
            command.call();
            System.out.println("command " + name + " ok");
        } catch (DbStepsException e) {
            System.out.println("command " + name + " error " + e.code() + ": " + e.getMessage());
        } catch (Exception e) {
            System.out.println("command " + name + " error " + e);
        }
    }

    /** How many changesets a schema's history holds. */
    private int applied(String logTable) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + logTable)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Connection connect() throws Exception {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url, props);
    }

    /** Removes a schema's history rows, so that the database is at a release that dbsteps has not recorded. */
    private void forgetHistory(String logTable) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + logTable);
        }
        System.out.println("history of " + logTable + " removed");
    }
}
