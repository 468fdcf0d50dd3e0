package io.dbsteps.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The message of every exception dbsteps creates while a test class runs, caught by the test or not, read from a
 * Java Flight Recorder recording of {@code jdk.JavaExceptionThrow} (the event fires in every {@code Throwable}
 * constructor, with the message given to it). Only exceptions of dbsteps' own classes count: a driver's exception may
 * hold the URL it was given, and what matters is that dbsteps masks it before it passes it on.
 */
final class ExceptionMessages implements AutoCloseable {
    private static final String OWN = "io.dbsteps.";
    private final Recording recording = new Recording();

    private ExceptionMessages() {
        recording.setName("dbsteps secret audit");
        recording.enable("jdk.JavaExceptionThrow").withoutStackTrace();
        recording.setToDisk(true);
        recording.start();
    }

    static ExceptionMessages start() {
        return new ExceptionMessages();
    }

    /** Stops recording and returns {@code class: message} for each of dbsteps' exceptions created meanwhile. */
    List<String> stop() {
        recording.stop();
        List<String> out = new ArrayList<>();
        Path file = null;
        try {
            file = Files.createTempFile("dbsteps-audit-", ".jfr");
            recording.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                RecordedClass thrown = e.getClass("thrownClass");
                String message = e.getString("message");
                if (thrown != null && thrown.getName().startsWith(OWN) && message != null) {
                    out.add(thrown.getName() + ": " + message);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the secret audit could not read its flight recording", e);
        } finally {
            close();
            if (file != null) {
                file.toFile().delete();
            }
        }
        return out;
    }

    @Override
    public void close() {
        recording.close();
    }
}
