package io.dbsteps.schemas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small data sets and queries for the educare tests. */
final class EducareData {
    private EducareData() {
    }

    /** Inserts n students with ids 1..n (and an alert, an intervention and a counselling log for each). */
    static void students(Connection c, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO students (student_number, name, email, department) VALUES (?, ?, ?, ?)")) {
            for (int i = 1; i <= n; i++) {
                ps.setString(1, "S" + i);
                ps.setString(2, "Student " + i);
                ps.setString(3, "student" + i + "@school.test");
                ps.setString(4, i % 2 == 0 ? "Science" : "Arts");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO alerts (student_id, alert_type, title) SELECT id, 'grades', 'Low grades' FROM students");
            st.executeUpdate("INSERT INTO interventions (student_id, intervention_type) SELECT id, 'tutoring' FROM students");
            st.executeUpdate("INSERT INTO counselling_logs (student_id, session_date) SELECT id, created_at FROM students");
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows of a query, each as column name to value (as text). */
    static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
