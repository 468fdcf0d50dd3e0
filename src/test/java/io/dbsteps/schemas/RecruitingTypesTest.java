package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import liquibase.database.core.SQLiteDatabase;
import liquibase.datatype.DataTypeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How recruiting's PostgreSQL types land on SQLite: UUID as TEXT with a generated version-4 default, JSONB as TEXT
 * holding JSON, TIMESTAMPTZ as TEXT, the type Liquibase itself maps it to, everywhere the same.
 */
class RecruitingTypesTest {
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void liquibaseMapsTimestamptzAndUuidToTextOnSqlite() {
        SQLiteDatabase sqlite = new SQLiteDatabase();
        assertThat(DataTypeFactory.getInstance().fromDescription("TIMESTAMPTZ", sqlite).toDatabaseDataType(sqlite)
                .toString()).isEqualTo("TEXT");
        assertThat(DataTypeFactory.getInstance().fromDescription("UUID", sqlite).toDatabaseDataType(sqlite)
                .toString()).isEqualTo("TEXT");
    }

    /** Every time column is TIMESTAMPTZ / TEXT, every key UUID / TEXT, every JSON column JSONB / TEXT, at 1.1. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void everyColumnHasTheSameTypeForTheSameKindOfValue(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            db.configure().schema("recruiting").load().update();
            RecruitingRows rows = new RecruitingRows(c);
            boolean pg = kind == TestDb.Kind.POSTGRESQL;
            List<String> columns = rows.strings(pg
                    ? "SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name NOT LIKE 'dbsteps_%'"
                    : "SELECT m.name || '.' || p.name || ' ' || p.type FROM sqlite_master m"
                        + " JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'dbsteps_%'");
            assertThat(columns).hasSizeGreaterThan(150);
            String time = pg ? "timestamp with time zone" : "TEXT";
            String key = pg ? "uuid" : "TEXT";
            String json = pg ? "jsonb" : "TEXT";
            Set<String> seen = new HashSet<>();
            for (String col : columns) {
                String name = col.substring(col.indexOf('.') + 1, col.indexOf(' '));
                String type = col.substring(col.indexOf(' ') + 1);
                seen.add(type);
                if (name.endsWith("_at")) {
                    assertThat(type).as(col).isEqualTo(time);
                } else if (name.equals("id") && !col.startsWith("schema_migrations.") || name.endsWith("_id")
                        || name.equals("created_by")) {
                    assertThat(type).as(col).isEqualTo(key);
                } else if (List.of("details", "detailed_scores", "metadata", "variables_used", "agent_response")
                        .contains(name)) {
                    assertThat(type).as(col).isEqualTo(json);
                }
            }
            assertThat(seen).as("declared types").noneMatch(t -> !pg && t.matches("(?i).*(timestamptz|uuid|json).*"));
        }
    }

    /** Rows inserted without an id get a distinct version-4 UUID, on both databases; moved JSON is valid JSON. */
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void idsAreGeneratedAndJsonIsJson(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            db.configure().schema("recruiting").load().updateTo("1.0");
            RecruitingRows rows = new RecruitingRows(c);
            rows.user("una", "consultant");
            rows.prompt("base", "una");
            rows.exec("INSERT INTO prompt_history (id, prompt_id, prompt_content) VALUES ('" + RecruitingRows.id("h")
                    + "', '" + RecruitingRows.id("base") + "', 'Review this resume')");
            db.configure().schema("recruiting").load().update();

            rows.exec("INSERT INTO candidates (first_name, last_name) VALUES ('A', 'One'), ('B', 'Two'), ('C', 'Three')");
            rows.exec("INSERT INTO activity_logs (action, details) VALUES ('login', '{\"ip\": \"10.0.0.1\"}')");
            List<String> ids = rows.strings("SELECT id FROM candidates UNION ALL SELECT id FROM activity_logs");
            assertThat(ids).hasSize(4).doesNotHaveDuplicates().allMatch(id -> id.matches(UUID_V4));
            assertThat(rows.string(kind == TestDb.Kind.POSTGRESQL
                    ? "SELECT variables_used::text FROM prompt_usage_history"
                    : "SELECT variables_used FROM prompt_usage_history WHERE json_valid(variables_used)")).isEqualTo("{}");
        }
    }
}
