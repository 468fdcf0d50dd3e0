package io.dbsteps.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic workload: 100 changesets in four releases of 24 changes and a tag each. Each release creates six
 * tables and, per table, adds a column, creates an index and inserts a row. Every change runs unchanged on
 * PostgreSQL and SQLite; the added column is plain SQL, because Liquibase's {@code addColumn} rebuilds the table on
 * SQLite. The same DDL is written as 96 Flyway SQL migrations (Flyway has no tags; the four tag changesets only
 * write a tag into the tracking table).
 */
final class Synthetic {
    static final String CHANGELOG = "bench/synthetic/changelog.yaml";
    static final String PREFIX = "bench_synthetic";
    static final int RELEASES = 4;
    static final int TABLES_PER_RELEASE = 6;
    /** The tag a rollback returns to: the end of the second release, changeset 50. */
    static final String MID_TAG = "2.0";
    static final String HEAD_TAG = RELEASES + ".0";

    private Synthetic() {
    }

    /** One change, as Liquibase YAML and as the equivalent SQL. */
    private record Change(String id, String yaml, String sql) {
    }

    private static List<Change> changes(int release) {
        List<Change> out = new ArrayList<>();
        for (int k = 1; k <= TABLES_PER_RELEASE; k++) {
            int n = (release - 1) * TABLES_PER_RELEASE + k;
            String t = String.format("bench_t%02d", n);
            out.add(new Change("create-" + t, """
                          changes:
                            - createTable:
                                tableName: %1$s
                                columns:
                                  - column: {name: id, type: INTEGER, constraints: {primaryKey: true, nullable: false, primaryKeyName: pk_%1$s}}
                                  - column: {name: name, type: VARCHAR(100), constraints: {nullable: false}}
                                  - column: {name: created_at, type: TIMESTAMP}
                          rollback:
                            - dropTable: {tableName: %1$s}
                    """.formatted(t),
                    "CREATE TABLE %1$s (id INTEGER NOT NULL, name VARCHAR(100) NOT NULL, created_at TIMESTAMP, "
                            .formatted(t) + "CONSTRAINT pk_%1$s PRIMARY KEY (id));".formatted(t)));
            out.add(new Change("add-score-" + t, """
                          changes:
                            - sql: {sql: "ALTER TABLE %1$s ADD COLUMN score INTEGER"}
                          rollback:
                            - sql: {sql: "ALTER TABLE %1$s DROP COLUMN score"}
                    """.formatted(t), "ALTER TABLE %1$s ADD COLUMN score INTEGER;".formatted(t)));
            out.add(new Change("index-" + t, """
                          changes:
                            - createIndex:
                                tableName: %1$s
                                indexName: ix_%1$s_name
                                columns:
                                  - column: {name: name}
                          rollback:
                            - dropIndex: {tableName: %1$s, indexName: ix_%1$s_name}
                    """.formatted(t), "CREATE INDEX ix_%1$s_name ON %1$s (name);".formatted(t)));
            out.add(new Change("insert-" + t, """
                          changes:
                            - insert:
                                tableName: %1$s
                                columns:
                                  - column: {name: id, valueNumeric: %2$d}
                                  - column: {name: name, value: "row %2$d"}
                                  - column: {name: score, valueNumeric: %2$d}
                          rollback:
                            - delete: {tableName: %1$s, where: "id = %2$d"}
                    """.formatted(t, n), "INSERT INTO %1$s (id, name, score) VALUES (%2$d, 'row %2$d', %2$d);"
                    .formatted(t, n)));
        }
        return out;
    }

    /** The Liquibase changelog, for dbsteps and plain Liquibase alike. */
    static String changelog() {
        StringBuilder y = new StringBuilder("databaseChangeLog:\n  - logicalFilePath: " + CHANGELOG + "\n");
        int seq = 0;
        for (int r = 1; r <= RELEASES; r++) {
            for (Change c : changes(r)) {
                seq++;
                y.append(String.format("  - changeSet:%n      id: \"%03d-%s\"%n      author: \"bench\"%n", seq, c.id()));
                y.append(c.yaml());
            }
            seq++;
            y.append(String.format("  - changeSet:%n      id: \"%03d-tag-%d.0\"%n      author: \"bench\"%n", seq, r));
            y.append(String.format("      changes:%n        - tagDatabase: {tag: \"%d.0\", keepTagOnRollback: true}%n", r));
        }
        return y.toString();
    }

    /** Writes the changelog under {@code classpathRoot} and the Flyway migrations under {@code flywayDir}. */
    static void write(Path classpathRoot, Path flywayDir) {
        try {
            Path changelog = classpathRoot.resolve(CHANGELOG);
            Files.createDirectories(changelog.getParent());
            Files.writeString(changelog, changelog(), StandardCharsets.UTF_8);
            Files.createDirectories(flywayDir);
            try (var old = Files.list(flywayDir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            int v = 0;
            for (int r = 1; r <= RELEASES; r++) {
                for (Change c : changes(r)) {
                    v++;
                    Files.writeString(flywayDir.resolve(String.format("V%d__%s.sql", v, c.id().replace('-', '_'))),
                            c.sql() + "\n", StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
