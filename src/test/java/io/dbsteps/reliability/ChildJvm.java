package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM of its own on the tests' class path. {@link #run} runs a main class to its end and returns its exit code and
 * output; {@link #start} starts a {@link ReliabilityChild} whose output is collected line by line as it comes, so that
 * a test can wait for a line, kill the process with SIGKILL, and read what it printed.
 */
final class ChildJvm {
    private static final Pattern LOCK_WAIT = Pattern.compile("after waiting (\\d+) ms");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    record Result(int code, String output) {
    }

    /**
     * Runs a main class to its end.
     *
     * @param jvmOptions  options before the main class, e.g. {@code -Dkey=value}
     * @param environment variables to set in the child; every {@code DBSTEPS_*} variable of this JVM is removed first
     */
    static Result run(List<String> jvmOptions, Map<String, String> environment, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DBSTEPS_"));
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s finished", mainClass).isTrue();
        return new Result(p.exitValue(), output);
    }

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output ended: " + e.getMessage() + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child.
     *
     * @param command {@code update}, {@code rollback:<tag>} or {@code release:<tag>}
     * @param target  {@code schema:<name>} or {@code changelog:<path>:<prefix>}
     * @param go      a file the child waits for before it runs the command, or {@code null}
     */
    static ChildJvm start(TestDb db, String command, String target, Path go) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ReliabilityChild.class.getName(), command, target));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("DBSTEPS_CHILD_URL", db.url());
        putOrRemove(env, "DBSTEPS_CHILD_USER", db.user());
        putOrRemove(env, "DBSTEPS_CHILD_PASSWORD", db.password());
        putOrRemove(env, "DBSTEPS_CHILD_GO", go == null ? null : go.toString());
        try {
            return new ChildJvm(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a main class of the tests' class path in a child JVM, its output collected as for {@link #start}.
     *
     * @param environment variables to set in the child; every {@code DBSTEPS_*} variable of this JVM is removed first
     */
    static ChildJvm startMain(Map<String, String> environment, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DBSTEPS_"));
        pb.environment().putAll(environment);
        try {
            return new ChildJvm(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putOrRemove(Map<String, String> env, String key, String value) {
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
    }

    /** Waits until a line matches, the process ends, or the time is up; true if a line matched. */
    boolean awaitLine(Predicate<String> line, long timeoutMillis) throws InterruptedException {
        return awaitLines(line, 1, timeoutMillis);
    }

    /** Waits until {@code count} lines match, the process ends, or the time is up; true if they did. */
    boolean awaitLines(Predicate<String> line, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (lines.stream().filter(line).count() >= count) {
                return true;
            }
            if (!process.isAlive()) {
                reader.join(5_000);
                return lines.stream().filter(line).count() >= count;
            }
            Thread.sleep(1);
        }
        return false;
    }

    /** SIGTERM: the process runs its shutdown hooks. Waits for it to end; true if it ended within the time. */
    boolean terminate(long timeoutSeconds) throws InterruptedException {
        // kill(1) rather than Process.destroy(), which also closes the streams, and with them what the hooks print
        try {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        reader.join(5_000);
        return ended;
    }

    /** SIGKILL: the process gets no chance to clean up. True if it was still running. */
    boolean kill() throws InterruptedException {
        boolean alive = process.isAlive();
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
        reader.join(5_000);
        return alive;
    }

    /** Waits for the process to end and returns its exit code (-1 if it had to be killed after the timeout). */
    int exitCode(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
            reader.join(5_000);
            return -1;
        }
        reader.join(5_000);
        return process.exitValue();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** How many changesets the child reported done, or -1 if it did not finish. */
    int stepsDone() {
        return lines.stream().filter(l -> l.startsWith("done ")).mapToInt(l -> Integer.parseInt(l.substring(5)))
                .findFirst().orElse(-1);
    }

    /** The longest wait for the lock the child's log reports, in ms (0 if it never waited). */
    long longestLockWait() {
        long longest = 0;
        for (String l : lines) {
            Matcher m = LOCK_WAIT.matcher(l);
            if (m.find()) {
                longest = Math.max(longest, Long.parseLong(m.group(1)));
            }
        }
        return longest;
    }

    String output() {
        return String.join("\n", lines);
    }
}
