package io.dbsteps.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No account that a changelog creates can log in with a guessable password: the plan's admin123, teacher123 and
 * student123, common passwords, the username and its variants, the e-mail, the name, or nothing. Logging in is
 * modelled as the app does it: an active account whose stored bcrypt hash matches the password.
 */
class EducarePasswordTest {
    private static final List<String> GUESSES = List.of("admin123", "teacher123", "student123", "password",
            "password123", "123456", "changeme", "educare", "admin", "teacher", "student", "");

    /** Which of the changelog's account-creating paths run. */
    enum Setup { DEFAULT, SAMPLE_DATA, ADMIN_HASH, ADMIN_HASH_AND_SAMPLE_DATA }

    static Stream<Arguments> setups() {
        List<Arguments> out = new ArrayList<>();
        for (TestDb.Kind kind : TestDb.Kind.values()) {
            for (Setup setup : Setup.values()) {
                out.add(Arguments.of(kind, setup));
            }
        }
        return out.stream();
    }

    @Test
    void theBcryptCheckerAgreesWithPublishedVectors() {
        // OpenBSD / jBCrypt test vectors; the third was computed with PostgreSQL's pgcrypto crypt().
        assertThat(EducareBcrypt.hash("", "$2a$06$DCq7YPn5Rq63x1Lad4cll."))
                .isEqualTo("$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.");
        assertThat(EducareBcrypt.hash("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu"))
                .isEqualTo("$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i");
        String admin123 = "$2a$04$abcdefghijklmnopqrstuur/uCBNBvVl4m8sbz1ePRFisPkMaJiTS";
        assertThat(EducareBcrypt.matches("admin123", admin123)).isTrue();
        assertThat(EducareBcrypt.matches("admin124", admin123)).isFalse();
        assertThat(EducareBcrypt.matches("admin123", null)).isFalse();
        String fresh = EducareBcrypt.hash("s3cret", 4);
        assertThat(EducareBcrypt.matches("s3cret", fresh)).isTrue();
        assertThat(EducareBcrypt.matches("s3cret!", fresh)).isFalse();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("setups")
    void noAccountCreatedByAChangelogLogsInWithAGuessablePassword(TestDb.Kind kind, Setup setup) throws Exception {
        String secret = "host-chosen " + UUID.randomUUID();
        String hash = EducareBcrypt.hash(secret, 4);
        boolean sample = setup == Setup.SAMPLE_DATA || setup == Setup.ADMIN_HASH_AND_SAMPLE_DATA;
        boolean adminHash = setup == Setup.ADMIN_HASH || setup == Setup.ADMIN_HASH_AND_SAMPLE_DATA;
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbStepsBuilder b = db.configure().schema("educare");
            if (sample) {
                b.contexts("sample-data");
            }
            if (adminHash) {
                b.parameter("educare_admin_password_hash", hash);
            }
            DbSteps steps = b.load();
            steps.updateTo("1.0");
            EducareData.students(c, 12);
            steps.update();

            List<Map<String, String>> users = EducareData.rows(c, "SELECT username, email, full_name, role, "
                    + "password_hash, is_active, password_reset_required FROM users ORDER BY id");
            assertThat(users).hasSize(1 + 12 + (sample ? 2 : 0));
            for (Map<String, String> user : users) {
                for (String guess : guesses(user)) {
                    assertThat(canLogIn(user, guess)).as("%s logs in with '%s'", user.get("username"), guess).isFalse();
                }
                if (user.get("password_hash") == null) {
                    assertThat(truthy(user.get("password_reset_required")))
                            .as("%s has no password and must set one", user.get("username")).isTrue();
                }
            }
            Map<String, String> admin = users.get(0);
            assertThat(admin.get("username")).isEqualTo("admin");
            if (adminHash) {
                assertThat(admin.get("password_hash")).isEqualTo(hash);
                assertThat(truthy(admin.get("password_reset_required"))).isFalse();
                assertThat(canLogIn(admin, secret)).as("the host's own password works").isTrue();
                assertThat(users.subList(1, users.size())).allSatisfy(u -> assertThat(u.get("password_hash")).isNull());
                DbSteps later = db.configure().schema("educare").load();
                assertThat(later.validate().applied()).as("a later run without the parameter still validates")
                        .isEqualTo(steps.history().applied().size());
                assertThat(later.update().steps()).isEmpty();
            } else {
                assertThat(users).allSatisfy(u -> assertThat(u.get("password_hash")).isNull());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void aValueThatIsNotABcryptHashIsRefusedBeforeAnythingChanges(TestDb.Kind kind) throws Exception {
        for (String bad : List.of("admin123", "$2b$04$tooShort", "$2b$99$" + "a".repeat(53), "$1$" + "a".repeat(57))) {
            try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
                DbSteps steps = db.configure().schema("educare").parameter("educare_admin_password_hash", bad).load();
                assertThatThrownBy(steps::update)
                        .isInstanceOf(DbStepsException.class)
                        .hasMessageContaining("educare_admin_password_hash is set but is not a bcrypt hash")
                        .hasMessageContaining("Check the parameters")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad))
                        .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
                assertThat(EducareData.rows(c, kind == TestDb.Kind.SQLITE
                        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('students', 'users')"
                        : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                                + " AND tablename IN ('students', 'users')")).as("nothing ran").isEmpty();
            }
        }
    }

    private static List<String> guesses(Map<String, String> user) {
        List<String> out = new ArrayList<>(GUESSES);
        String username = user.get("username");
        out.addAll(List.of(username, username + "123", username.toUpperCase(), user.get("role") + "123"));
        if (user.get("email") != null) {
            out.add(user.get("email"));
            out.add(user.get("email").substring(0, user.get("email").indexOf('@')));
        }
        if (user.get("full_name") != null) {
            out.add(user.get("full_name"));
        }
        return out;
    }

    /** The app's login: an active account whose stored bcrypt hash matches the password. */
    private static boolean canLogIn(Map<String, String> user, String password) {
        return truthy(user.get("is_active")) && EducareBcrypt.matches(password, user.get("password_hash"));
    }

    private static boolean truthy(String value) {
        return "1".equals(value) || "t".equals(value) || "true".equals(value);
    }
}
