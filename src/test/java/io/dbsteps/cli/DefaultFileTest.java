package io.dbsteps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's default SQLite file holds one schema: a second one is refused there, with advice, before it is touched. */
class DefaultFileTest {
    @TempDir
    Path dir;

    @Test
    void aSecondSchemaIsRefusedInTheDefaultFile() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("dbsteps.db");
        assertThatCode(() -> DefaultFile.refuseOtherSchemas(url, "dbsteps_codorch", "codorch"))
                .as("no file yet").doesNotThrowAnyException();
        DbSteps.configure().url(url).schema("codorch").load().update();
        long size = Files.size(dir.resolve("dbsteps.db"));
        assertThatCode(() -> DefaultFile.refuseOtherSchemas(url, "dbsteps_codorch", "codorch"))
                .as("the same schema again").doesNotThrowAnyException();
        assertThatThrownBy(() -> DefaultFile.refuseOtherSchemas(url, "dbsteps_trajectory", "trajectory"))
                .isInstanceOfSatisfying(DbStepsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains("already holds schema codorch",
                            "--url jdbc:sqlite:trajectory.db");
                });
        assertThat(Files.size(dir.resolve("dbsteps.db"))).isEqualTo(size);
    }
}
