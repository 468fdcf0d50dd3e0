package io.dbsteps;

import static io.dbsteps.DbStepsApiTest.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.testing.Secrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A configuration that cannot work fails at load() with a sentence saying what to change. */
class ConfigurationTest {

    @BeforeAll
    static void registerThePasswordsForTheSecretAudit() {
        Secrets.register("hunter2");
        Secrets.register("s3cret-pw");
    }

    @Test
    void theShippedSchemasAreListed() {
        assertThat(DbSteps.shippedSchemas()).contains("codorch");
    }

    @Test
    void everyUnworkableConfigurationIsRefusedAtLoad() {
        refused(() -> DbSteps.configure().schema("codorch").load(), ErrorCode.INVALID_CONFIGURATION,
                "No database is configured");
        refused(() -> DbSteps.configure().url("jdbc:sqlite:a.db").dataSource(new CountingDataSource(null))
                .schema("codorch").load(), ErrorCode.INVALID_CONFIGURATION, "More than one database");
        refused(() -> DbSteps.configure().url("jdbc:sqlite:a.db").load(), ErrorCode.INVALID_CONFIGURATION,
                "No schema is configured");
        refused(() -> DbSteps.configure().url("jdbc:sqlite:a.db").schema("payroll").load(), ErrorCode.UNKNOWN_SCHEMA,
                "Unknown schema 'payroll'");
        refused(() -> DbSteps.configure().url("jdbc:sqlite:a.db").schema("../codorch").load(),
                ErrorCode.UNKNOWN_SCHEMA, "Unknown schema");
        refused(() -> DbSteps.configure().url("jdbc:sqlite:a.db").schema("codorch")
                .changelog("checksum/original/changelog.yaml", "x").load(), ErrorCode.INVALID_CONFIGURATION,
                "Call only one of them");
        refused(() -> DbSteps.configure().url("jdbc:sqlite:a.db").changelog("no/such.yaml", "x").load(),
                ErrorCode.CHANGELOG_NOT_FOUND, "was not found in the search path or on the class path");
        refused(() -> DbSteps.configure().url("jdbc:sqlite:a.db").changelog("checksum/original/changelog.yaml",
                "Bad Prefix").load(), ErrorCode.INVALID_CONFIGURATION, "tracking-table prefix 'Bad Prefix'");
        refused(() -> DbSteps.configure().url("postgres://h/db?password=hunter2", "u", "hunter2")
                .schema("codorch").load(), ErrorCode.INVALID_CONFIGURATION, "is not a JDBC URL");
        refused(() -> DbSteps.configure().contexts(" "), ErrorCode.INVALID_CONFIGURATION, "context name is empty");
        refused(() -> DbSteps.configure().parameter("x", null), ErrorCode.INVALID_CONFIGURATION,
                "needs a name and a value");
    }

    @Test
    void aPasswordNeverAppearsInAMessage() {
        assertThatThrownBy(() -> DbSteps.configure().url("postgres://h/db?password=hunter2", "u", "s3cret-pw")
                .schema("codorch").load()).hasMessageNotContaining("hunter2").hasMessageContaining("password=****");
        DbSteps unreachable = DbSteps.configure()
                .url("jdbc:postgresql://127.0.0.1:1/app?password=hunter2&connectTimeout=2", "app", "s3cret-pw")
                .schema("codorch").load();
        assertThatThrownBy(unreachable::update)
                .isInstanceOf(DbStepsException.class)
                .hasMessageContaining("Could not connect to jdbc:postgresql://127.0.0.1:1/app?password=****")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret-pw")
                .satisfies(e -> assertThat(((DbStepsException) e).code()).isEqualTo(ErrorCode.CONNECTION_FAILED));
    }

    @Test
    void anSqliteFileInAMissingFolderIsAConnectionFailureThatSaysSo() {
        DbSteps steps = DbSteps.configure().url("jdbc:sqlite:/no/such/folder/app.db").schema("codorch").load();
        refused(steps::update, ErrorCode.CONNECTION_FAILED, "folder exists");
    }
}
