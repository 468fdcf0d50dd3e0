package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * A password given in the JDBC URL reaches pgJDBC as a connection property, never in the URL it connects with, which
 * pgJDBC writes to its own log at FINE.
 */
class PasswordInUrlTest {
    @Test
    void aPasswordInTheUrlNeverReachesTheDriversLog() {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL)) {
            // under trust authentication any password connects; under password authentication it must be the real one
            String password = db.password() != null && !db.password().isEmpty() ? db.password() : "Url-Secret-42x";
            String url = db.url() + (db.url().contains("?") ? "&" : "?") + "password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&ApplicationName=dbsteps-test";
            List<String> logged = new CopyOnWriteArrayList<>();
            SimpleFormatter format = new SimpleFormatter();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    logged.add(format.formatMessage(r));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger pgjdbc = Logger.getLogger("org.postgresql");
            Level before = pgjdbc.getLevel();
            pgjdbc.setLevel(Level.FINEST);
            capture.setLevel(Level.FINEST);
            pgjdbc.addHandler(capture);
            try {
                StatusResult status = DbSteps.configure().url(url, db.user(), null).schema("codorch").load().status();
                assertThat(status.pending()).isNotEmpty();
            } finally {
                pgjdbc.removeHandler(capture);
                pgjdbc.setLevel(before);
            }
            assertThat(logged).as("pgJDBC logged the URL it connected with").anyMatch(l -> l.contains("Connecting"));
            assertThat(logged).noneMatch(l -> l.contains(password)).noneMatch(l -> l.contains("password="));
            assertThat(logged).anyMatch(l -> l.contains("ApplicationName=dbsteps-test"));
        }
    }
}
