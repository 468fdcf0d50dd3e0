package io.dbsteps.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
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
}
