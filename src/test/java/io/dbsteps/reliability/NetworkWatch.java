package io.dbsteps.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Watches a JVM's network use from inside it, in two ways that see different things:
 * <ul>
 *   <li>a default {@link ProxySelector}: every {@code java.net.Socket} connect (the JDK asks it with
 *       {@code socket://host:port} before connecting; pgjdbc connects this way), every {@code HttpURLConnection}
 *       (Liquibase's analytics use one) and every {@code java.net.http.HttpClient} request asks it first, before
 *       any name lookup. So an attempt is seen even when it would fail, without a network. Each attempt is printed
 *       at once ({@code net select <uri>}), so attempts made by shutdown hooks are seen too. An address that is
 *       not allowed gets a proxy on a closed local port: the attempt fails there and nothing leaves the machine;</li>
 *   <li>a flight recording of {@code jdk.SocketRead} and {@code jdk.SocketWrite} with no threshold: every read and
 *       write on a TCP socket, NIO channels included, with the remote address ({@code net io ...}).</li>
 * </ul>
 * What neither sees: a UDP datagram, and a NIO channel that connects but never reads or writes.
 */
final class NetworkWatch extends ProxySelector {
    static final String SELECT = "net select ";
    static final String IO = "net io ";
    private static final Proxy DEAD_HTTP = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 1));
    private static final Proxy DEAD_SOCKS = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 1));

    private final Set<String> allowed;
    private final PrintStream report;
    private final Recording recording = new Recording();

    /**
     * @param allowed the {@code host:port} pairs that may be connected to
     * @param report  where each observation is printed
     */
    private NetworkWatch(Set<String> allowed, PrintStream report) {
        this.allowed = allowed;
        this.report = report;
    }

    /** Installs the watch as this JVM's default proxy selector and starts the recording. */
    static NetworkWatch install(Set<String> allowed, PrintStream report) {
        NetworkWatch watch = new NetworkWatch(allowed, report);
        ProxySelector.setDefault(watch);
        watch.recording.enable("jdk.SocketRead").withThreshold(Duration.ZERO).withoutStackTrace();
        watch.recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO).withoutStackTrace();
        watch.recording.start();
        return watch;
    }

    @Override
    public List<Proxy> select(URI uri) {
        String hostPort = hostPort(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri));
        synchronized (report) {
            report.println(SELECT + uri);
            report.flush();
        }
        if (allowed.contains(hostPort)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of("socket".equalsIgnoreCase(uri.getScheme()) ? DEAD_SOCKS : DEAD_HTTP);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // the closed port refused it, as intended
    }

    /** Stops the recording and prints every socket read and write it holds. */
    void printSocketIo() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("dbsteps-net-", ".jfr");
        try {
            recording.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                synchronized (report) {
                    report.println(IO + e.getEventType().getName() + " " + e.getString("host") + " "
                            + e.getString("address") + " " + e.getInt("port"));
                }
            }
            report.flush();
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
    }

    static String hostPort(String host, int port) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h + ":" + port;
    }

    private static int defaultPort(URI uri) {
        return switch (String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    /** The observations in a child's output, as printed by a watch. */
    static List<String> observations(String output) {
        List<String> out = new ArrayList<>();
        output.lines().filter(l -> l.startsWith(SELECT) || l.startsWith(IO)).forEach(out::add);
        return out;
    }
}
