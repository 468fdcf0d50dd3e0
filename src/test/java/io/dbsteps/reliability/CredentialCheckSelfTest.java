package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.schemas.EducareBcrypt;
import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The credentials check can fail: each changelog under {@code reliability/credentials/} that creates a default
 * credential is caught, through the same code path as the shipped schemas, and the clean one is not.
 */
class CredentialCheckSelfTest {
    private static final String DIR = "reliability/credentials/";

    private static List<String> atHead(String file, TestDb.Kind kind) throws Exception {
        return ShippedCredentialsTest.findingsAtHead("credentials-" + file, kind,
                b -> b.changelog(DIR + file, "cred"), List.of());
    }

    private static List<String> inText(String file) throws IOException {
        try (InputStream in = CredentialCheckSelfTest.class.getClassLoader().getResourceAsStream(DIR + file)) {
            return CredentialCheck.literalCredentials(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDb.Kind.class)
    void everyDefaultCredentialInTheDatabaseIsCaught(TestDb.Kind kind) throws Exception {
        assertThat(atHead("plaintext-admin.yaml", kind)).singleElement().asString()
                .startsWith("accounts.password in row 1").contains("'admin123' stored as plain text");
        assertThat(atHead("bcrypt-password.yaml", kind)).singleElement().asString()
                .startsWith("users.password_hash in row 1").contains("a bcrypt hash of the password 'password'");
        assertThat(atHead("sha256-changeme.yaml", kind)).singleElement().asString()
                .startsWith("api_clients.secret_hash in row 1").contains("SHA-256 digest of the password 'changeme'");
        assertThat(atHead("username-as-password.yaml", kind)).singleElement().asString()
                .startsWith("operators.pwd in row 1").contains("'operator' stored as plain text");
        assertThat(atHead("clean.yaml", kind)).isEmpty();
    }

    @Test
    void everyPasswordOrHashInTheTextIsCaught() throws IOException {
        assertThat(inText("plaintext-admin.yaml")).anySatisfy(f -> assertThat(f).contains("'admin123'"));
        assertThat(inText("bcrypt-password.yaml"))
                .anySatisfy(f -> assertThat(f).contains("a password hash written into the changelog: $2b$04$"));
        assertThat(inText("sha256-changeme.yaml"))
                .anySatisfy(f -> assertThat(f).contains("an unsalted SHA-256 digest of 'changeme'"));
        assertThat(inText("username-as-password.yaml")).as("only the database shows this one").isEmpty();
        assertThat(inText("clean.yaml")).isEmpty();
    }

    @Test
    void storedValuesAreJudgedByWhatTheyLetIn() {
        List<String> guesses = GuessablePasswords.forRow("shop", Map.of("username", "alice", "email", "al@x.test"));
        assertThat(guesses).contains("alice", "alice123", "al", "al@x.test", "shop", "shop123", "");
        assertThat(CredentialCheck.usableWith("ADMIN123", guesses)).isPresent();
        assertThat(CredentialCheck.usableWith("", guesses)).as("an empty password").isPresent();
        assertThat(CredentialCheck.usableWith(EducareBcrypt.hash("alice123", 4), guesses)).isPresent();
        assertThat(CredentialCheck.usableWith(EducareBcrypt.hash("t7#Qv9-unguessable", 4), guesses)).isEmpty();
        assertThat(CredentialCheck.usableWith("5f4dcc3b5aa765d61d8327deb882cf99", guesses)).as("MD5 of password")
                .isPresent();
        assertThat(CredentialCheck.usableWith("{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", guesses)).as("LDAP SHA of password")
                .isPresent();
        assertThat(CredentialCheck.usableWith("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
                guesses)).as("a hash this check cannot verify").isPresent();
        assertThat(CredentialCheck.usableWith("a18d33db805b866dd674f28922462bcf9e3c99374d31e0ef01743bb694ff5c71",
                guesses)).as("an opaque token").isEmpty();
        assertThat(CredentialCheck.usableWith(null, guesses)).isEmpty();
    }
}
