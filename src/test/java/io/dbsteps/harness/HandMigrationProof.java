package io.dbsteps.harness;

import io.dbsteps.DbSteps;
import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves that a database migrated partly by hand still converges. The SQL a schema's source document runs by
 * hand is kept, statement by statement, in {@code hand-migration/<schema>/<database>.sql} (statements end with a
 * semicolon at the end of a line). For a chosen k, a fresh database is brought to the base tag, the first k
 * statements are run by hand, and {@code update()} must then bring it to exactly the schema of a clean update to
 * head.
 */
public final class HandMigrationProof {
    private final Target target;
    private final String baseTag;

    public HandMigrationProof(Target target, String baseTag) {
        this.target = target;
        this.baseTag = baseTag;
    }

    static String resource(String schema, TestDb.Kind kind) {
        return "hand-migration/" + schema + "/" + kind + ".sql";
    }

    /** The document's statements for this database, in order. */
    public List<String> statements(TestDb.Kind kind) {
        String path = resource(target.name(), kind);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no hand-migration script " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.strip().startsWith("--") && current.isEmpty()) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    out.add(current.toString().strip());
                    current.setLength(0);
                }
            }
            if (!current.toString().isBlank()) {
                out.add(current.toString().strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A clean update to head on a fresh database. A snapshot is compared through the connection it was taken on, so
     * the observer connection stays open until the clean head is closed (at the end of the test class).
     */
    public CleanHead cleanHead(TestDb.Kind kind) {
        TestDb db = TestDb.create(kind);
        Connection observer = db.connect();
        target.load(db).update();
        return new CleanHead(db, observer, SchemaSnapshot.take(observer, target.excludedTables()));
    }

    /** The schema of a clean update to head, with the database and the connection it was read through. */
    public record CleanHead(TestDb db, Connection observer, SchemaSnapshot schema) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try {
                observer.close();
            } finally {
                db.close();
            }
        }
    }

    /** Runs the first {@code k} statements by hand at the base tag, updates, and compares with the clean head. */
    public void convergesAfter(int k, TestDb db, SchemaSnapshot head) {
        List<String> all = statements(db.kind());
        if (k > all.size()) {
            throw new IllegalArgumentException("the script has only " + all.size() + " statements, not " + k);
        }
        DbSteps steps = target.load(db);
        steps.updateTo(baseTag);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String sql : all.subList(0, k)) {
                st.execute(sql);
            }
            steps.update();
            List<String> diff = head.differencesTo(SchemaSnapshot.take(c, target.excludedTables()));
            if (!diff.isEmpty()) {
                throw new AssertionError(target + " on " + db + ": after the first " + k + " statements by hand and an"
                        + " update, the schema differs from a clean update:\n  " + String.join("\n  ", diff)
                        + "\n  last statement run by hand: " + all.get(Math.max(0, k - 1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(target + " on " + db + ": statement by hand failed: " + e.getMessage(), e);
        }
    }
}
