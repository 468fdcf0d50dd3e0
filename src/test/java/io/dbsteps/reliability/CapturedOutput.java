package io.dbsteps.reliability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything the test JVM prints or logs, kept until the audit reads it: a tee on {@code System.out} and
 * {@code System.err} (where slf4j-simple, the tests' SLF4J provider, writes), and a handler on the root
 * {@code java.util.logging} logger (pgjdbc logs there), which sees a record even when the console handler that
 * prints it was created before the tee. The original streams still get every byte.
 */
final class CapturedOutput {
    private static final Charset CHARSET = Charset.defaultCharset();
    private static final ByteArrayOutputStream BUFFER = new ByteArrayOutputStream();
    private static final Handler JUL = new JulHandler();
    private static PrintStream out;
    private static PrintStream err;

    private CapturedOutput() {
    }

    /**
     * Installs the capture, or puts it back where something replaced it (a library that resets
     * {@code java.util.logging}, a test that set its own {@code System.err} and left it).
     */
    static synchronized void ensureInstalled() {
        if (System.out != out) {
            out = tee(System.out);
            System.setOut(out);
        }
        if (System.err != err) {
            err = tee(System.err);
            System.setErr(err);
        }
        Logger root = Logger.getLogger("");
        if (!Arrays.asList(root.getHandlers()).contains(JUL)) {
            root.addHandler(JUL);
        }
    }

    /** What was printed or logged since the last call. */
    static String drain() {
        synchronized (BUFFER) {
            String text = BUFFER.toString(CHARSET);
            BUFFER.reset();
            return text;
        }
    }

    private static PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (BUFFER) {
                    BUFFER.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (BUFFER) {
                    BUFFER.write(b, off, len);
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, CHARSET);
    }

    /** Formats each record as the console handler would, into the buffer. */
    private static final class JulHandler extends Handler {
        private final SimpleFormatter format = new SimpleFormatter();

        JulHandler() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            String text;
            try {
                text = format.format(record);
            } catch (RuntimeException e) {
                text = record.getMessage() + System.lineSeparator();
            }
            byte[] bytes = text.getBytes(CHARSET);
            synchronized (BUFFER) {
                BUFFER.write(bytes, 0, bytes.length);
            }
        }

        @Override
        public void flush() {
            // the buffer is in memory
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
