package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a fresh JVM on the tests' class path, and returns its exit code and output. */
final class ChildJvm {
    private ChildJvm() {
    }

    record Result(int code, String output) {
    }

    /**
     * @param jvmOptions options before the main class, e.g. {@code -Dkey=value}
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
}
