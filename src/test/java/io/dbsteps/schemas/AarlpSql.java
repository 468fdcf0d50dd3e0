package io.dbsteps.schemas;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small SQL helpers for the aarlp tests. */
final class AarlpSql {
    private AarlpSql() {
    }

    /** A fixed job id: {@code 00000000-0000-0000-0000-00000000000n}. */
    static String job(int n) {
        return String.format("00000000-0000-0000-0000-%012d", n);
    }

    /** A fixed candidate id: {@code 00000000-0000-0000-0001-00000000000n}. */
    static String candidate(int n) {
        return String.format("00000000-0000-0000-0001-%012d", n);
    }

    static void execute(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of every row, as text. */
    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * The values jobs.status allows: the labels of the enum job_status on PostgreSQL, the CHECK ck_jobs_status on
     * SQLite, as written in jobs' CREATE text.
     */
    static String allowedStatuses(Connection c, TestDb.Kind kind) throws SQLException {
        if (kind == TestDb.Kind.POSTGRESQL) {
            return column(c, "SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e "
                    + "JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'job_status'").get(0);
        }
        String sql = column(c, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get(0);
        String in = sql.substring(sql.indexOf("status IN (") + "status IN (".length());
        return in.substring(0, in.indexOf(')')).replace("'", "").replace(" ", "");
    }
}
