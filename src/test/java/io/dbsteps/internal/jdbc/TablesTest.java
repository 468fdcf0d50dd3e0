package io.dbsteps.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** "Does this table exist" is answered by name, not by pattern, on both databases. */
class TablesTest {
    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anUnderscoreInTheNameIsNotAWildcard(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE appXlog (id INT)");
            assertThat(Tables.exists(c, "app_log")).isFalse();
            assertThat(Tables.exists(c, "appXlog")).isTrue();
            assertThat(Tables.exists(c, "app%")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void findsTheNameAsTheDatabaseStoresIt(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE tracked_steps (id INT)");
            assertThat(Tables.find(c, "TRACKED_STEPS")).contains("tracked_steps");
            assertThat(Tables.find(c, "tracked_steps")).contains("tracked_steps");
            assertThat(Tables.find(c, "other_steps")).isEmpty();
        }
    }

    /**
     * On PostgreSQL the question is put to the catalog in one query; it must answer as the driver's metadata does, for
     * the current schema only and for ordinary tables only, whatever the kind of object and the case of its name.
     */
    @Test
    void postgresAnswersAsTheDriversMetadata() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.POSTGRESQL); Connection c = db.connect();
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA here");
            st.execute("CREATE SCHEMA elsewhere");
            st.execute("CREATE TABLE elsewhere.only_elsewhere (id INT)");
            st.execute("CREATE TABLE elsewhere.both_places (id INT)");
            st.execute("SET search_path TO here, elsewhere");
            st.execute("CREATE TABLE both_places (id INT)");
            st.execute("CREATE TABLE \"UPPER_ONLY\" (id INT)");
            st.execute("CREATE TABLE \"Mixed\" (id INT)");
            st.execute("CREATE TABLE mixed (id INT)");
            st.execute("CREATE VIEW a_view AS SELECT 1 AS one");
            st.execute("CREATE SEQUENCE a_sequence");
            st.execute("CREATE TABLE parted (id INT) PARTITION BY RANGE (id)");
            st.execute("CREATE TABLE parted_one PARTITION OF parted FOR VALUES FROM (0) TO (10)");
            for (String name : List.of("both_places", "BOTH_PLACES", "only_elsewhere", "upper_only", "UPPER_ONLY",
                    "Mixed", "MIXED", "mixed", "a_view", "a_sequence", "parted", "parted_one", "missing", "both%",
                    "both_place_")) {
                assertThat(Tables.find(c, name)).as(name).isEqualTo(byMetadata(c, name));
            }
            assertThat(Tables.find(c, "only_elsewhere")).isEmpty();
            assertThat(Tables.find(c, "MIXED")).contains("mixed");
        }
    }

    /** The lookup as JDBC metadata answers it: the name as given, then lower, then upper case. */
    private static Optional<String> byMetadata(Connection c, String table) throws Exception {
        DatabaseMetaData md = c.getMetaData();
        for (String candidate : new LinkedHashSet<>(List.of(table, table.toLowerCase(Locale.ROOT),
                table.toUpperCase(Locale.ROOT)))) {
            String pattern = candidate.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
            try (ResultSet rs = md.getTables(null, c.getSchema(), pattern, new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (candidate.equals(rs.getString("TABLE_NAME"))) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
