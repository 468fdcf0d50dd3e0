package io.dbsteps.schemas;

import io.dbsteps.Step;
import io.dbsteps.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hand-made recruiting rows for the tests, written as plain SQL literals so that the same statements run on
 * PostgreSQL and SQLite: ids are deterministic UUID strings, times are 'yyyy-MM-dd HH:mm:ss' strings.
 */
final class RecruitingRows {
    private final Connection c;

    RecruitingRows(Connection c) {
        this.c = c;
    }

    /** A deterministic UUID for a name, e.g. {@code id("upload-3")}. */
    static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    void user(String name, String role) {
        exec("INSERT INTO users (id, email, hashed_password, full_name, role) VALUES ('" + id(name) + "', '" + name
                + "@recruiting.test', 'hash-" + name + "', '" + name + "', '" + role + "')");
    }

    void upload(String name, String user, String storedName, String originalName, String createdAt) {
        exec("INSERT INTO file_uploads (id, user_id, filename, original_filename, file_path, file_hash, file_size,"
                + " mime_type, status, progress, extracted_text, word_count, created_at) VALUES ('" + id(name) + "', '"
                + id(user) + "', '" + storedName + "', '" + originalName + "', '/data/uploads/" + storedName + "', 'hash-"
                + storedName + "', 1000, 'application/pdf', 'completed', 100, 'text of " + storedName + "', 3, '"
                + createdAt + "')");
    }

    /** An analysis request for the file at {@code path} ({@code null} for none). */
    void request(String name, String user, String path, String createdAt) {
        exec("INSERT INTO analysis_requests (id, user_id, file_path, target_role, status, created_at) VALUES ('"
                + id(name) + "', '" + id(user) + "', " + (path == null ? "NULL" : "'" + path + "'")
                + ", 'Engineer', 'completed', '" + createdAt + "')");
    }

    void result(String name, String request, String overall, String content, String formatting, String timeMs) {
        exec("INSERT INTO analysis_results (id, request_id, overall_score, content_score, formatting_score,"
                + " ai_model_used, processing_time_ms, created_at) VALUES ('" + id(name) + "', '" + id(request) + "', "
                + overall + ", " + content + ", " + formatting + ", 'gpt-4o', " + timeMs + ", '2025-03-01 12:00:00')");
    }

    void prompt(String name, String creator) {
        exec("INSERT INTO prompts (id, name, content, created_by) VALUES ('" + id(name) + "', '" + name
                + "', 'You are " + name + "', " + (creator == null ? "NULL" : "'" + id(creator) + "'") + ")");
    }

    void exec(String... sql) {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " [" + String.join("; ", sql) + "]", e);
        }
    }

    long count(String sql) {
        return longs(sql).get(0);
    }

    String string(String sql) {
        List<String> out = strings(sql);
        return out.isEmpty() ? null : out.get(0);
    }

    List<String> strings(String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " [" + sql + "]", e);
        }
    }

    List<Long> longs(String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getObject(1) == null ? null : rs.getLong(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " [" + sql + "]", e);
        }
    }

    /** The notes of the applied changeset whose id starts with {@code idPrefix}. */
    static List<String> notes(UpdateResult result, String idPrefix) {
        return result.steps().stream().filter(s -> s.id().startsWith(idPrefix)).findFirst().map(Step::notes)
                .orElseThrow(() -> new AssertionError("no step " + idPrefix + " in " + result.steps()));
    }
}
