package io.dbsteps;

import io.dbsteps.internal.failure.SecretMask;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.Secrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the secret mask hides, and what it leaves alone. */
class SecretMaskTest {

    @BeforeAll
    static void registerThePasswordsForTheSecretAudit() {
        Secrets.register("s3cret");
        Secrets.register("hunter2");
        Secrets.register("topsecret");
    }

    @Test
    void hidesTheConfiguredPasswordAndPasswordsInUrls() {
        SecretMask mask = SecretMask.of("s3cret", "jdbc:postgresql://db/app?user=a&password=hunter2&ssl=true");
        assertThat(mask.apply("login with s3cret to jdbc:postgresql://db/app?user=a&password=hunter2&ssl=true"))
                .isEqualTo("login with **** to jdbc:postgresql://db/app?user=a&password=****&ssl=true");
        assertThat(mask.apply("later, hunter2 appears alone")).isEqualTo("later, **** appears alone");
        assertThat(SecretMask.of(null, "jdbc:mysql://root:topsecret@db:3306/app").apply(
                "could not reach jdbc:mysql://root:topsecret@db:3306/app")).isEqualTo(
                "could not reach jdbc:mysql://root:****@db:3306/app");
    }

    /** A one-letter password neither garbles a message nor shows which letters it is made of; the user is shown. */
    @Test
    void aShortPasswordIsMaskedOnlyWhereItStandsAlone() {
        SecretMask mask = SecretMask.of("s", "jdbc:postgresql://db:5432/app");
        String message = "Could not connect to jdbc:postgresql://db:5432/app as user sales: password s was refused";
        assertThat(mask.apply(message)).isEqualTo("Could not connect to jdbc:postgresql://db:5432/app as user sales: "
                + "password **** was refused");
        assertThat(SecretMask.of("abc123", null).apply("abc123xyz and 'abc123'")).isEqualTo("abc123xyz and '****'");
        assertThat(SecretMask.of("longer-secret", null).apply("xlonger-secretx")).isEqualTo("x****x");
    }

    @Test
    void leavesProseAboutPasswordsAlone() {
        assertThat(SecretMask.NONE.apply("-- Accounts get no password: the hash stays NULL"))
                .isEqualTo("-- Accounts get no password: the hash stays NULL");
    }

    @Test
    void scrubsAnExceptionChainOnlyWhenItHoldsASecret() {
        SecretMask mask = SecretMask.of("s3cret", null);
        RuntimeException clean = new RuntimeException("no secret here");
        assertThat(mask.scrub(clean)).isSameAs(clean);
        Throwable scrubbed = mask.scrub(new RuntimeException("outer", new IllegalStateException("bad s3cret")));
        assertThat(scrubbed.getCause().getMessage()).isEqualTo("java.lang.IllegalStateException: bad ****");
        assertThat(scrubbed.getMessage()).doesNotContain("s3cret");
    }
}
