package io.dbsteps.ext;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import liquibase.exception.CustomPreconditionFailedException;
import org.junit.jupiter.api.Test;

/** BcryptHashParameter lets a bcrypt hash or nothing through, and names the parameter without showing its value. */
class BcryptHashParameterTest {

    private static BcryptHashParameter check(String value) {
        BcryptHashParameter p = new BcryptHashParameter();
        p.setParameter("admin_hash");
        p.setValue(value);
        return p;
    }

    @Test
    void anEmptyValueOrABcryptHashPasses() {
        for (String ok : new String[] {null, "", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
                "$2b$12$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
                "$2y$31$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"}) {
            assertThatCode(() -> check(ok).check(null)).as(ok).doesNotThrowAnyException();
        }
    }

    @Test
    void anythingElseFailsWithoutShowingTheValue() {
        for (String bad : new String[] {"admin123", "$2a$03$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
                "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0", "$2x$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
                " $2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
                "pbkdf2:sha256:600000$abc$def"}) {
            assertThatThrownBy(() -> check(bad).check(null)).as(bad)
                    .isInstanceOf(CustomPreconditionFailedException.class)
                    .hasMessageContaining("admin_hash is set but is not a bcrypt hash")
                    .hasMessageNotContaining(bad.trim());
        }
    }

    @Test
    void anUndefinedParameterFails() {
        assertThatThrownBy(() -> check("${admin_hash}").check(null))
                .hasMessageContaining("admin_hash is not defined");
    }
}
