package io.dbsteps.corpus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a Liquibase tracking table, in the order they were executed, with every column that identifies a
 * changeset and what was done with it. DATEEXECUTED and DEPLOYMENT_ID differ between any two runs and are left out.
 */
final class TrackingRows {
    private static final String COLUMNS = "ID, AUTHOR, FILENAME, MD5SUM, ORDEREXECUTED, EXECTYPE, DESCRIPTION, COMMENTS, "
            + "TAG, LIQUIBASE, CONTEXTS, LABELS";

    private TrackingRows() {
    }

    /** One line per row; empty if the table does not exist yet. */
    static List<String> of(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet t = c.getMetaData().getTables(null, null, table, null)) {
            if (!t.next()) {
                return out;
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + table + " ORDER BY ORDEREXECUTED")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
