package io.dbsteps.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Another session that holds a table lock: an open transaction that read the table, committed when the test says. */
public final class TableBlocker {
    private TableBlocker() {
    }

    /** Opens a transaction on the connection that reads the table, and leaves it open (it holds AccessShareLock). */
    public static void read(Connection blocker, String table) throws SQLException {
        blocker.setAutoCommit(false);
        try (Statement st = blocker.createStatement()) {
            st.executeQuery("SELECT * FROM " + table).close();
        }
    }

    /** Commits the connection's transaction after the delay, on a thread of its own; join it when done. */
    public static Thread commitAfter(Connection blocker, long millis) {
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(millis);
                blocker.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();
        return release;
    }
}
