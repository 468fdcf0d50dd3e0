package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A minimal Spring Boot application uses dbsteps both ways the README describes ("From Spring Boot"), with the
 * README's properties and bean: through Spring's own Liquibase runner, and through dbsteps' guarded release from an
 * {@code ApplicationRunner}. Then dbsteps' API must see the schema up to date.
 */
class SpringBootHostIT {

    /** The host of Spring's own Liquibase runner: nothing but auto-configuration. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class LiquibaseRunnerHost {
    }

    /** The host that releases with dbsteps. Its bean is the README's, character for character. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ReleasingHost {
        // README:begin
        @Bean
        ApplicationRunner releaseCodorch(DataSource dataSource, HealthCheck codorchWorks) {
            return args -> {
                DbSteps codorch = DbSteps.configure().dataSource(dataSource).schema("codorch").load();
                ReleaseResult release = codorch.release("1.0", codorchWorks, Duration.ofSeconds(30));
                if (release.outcome() != ReleaseResult.Outcome.RELEASED) {
                    throw new IllegalStateException("codorch " + release.tag() + " was rolled back: " + release.reason());
                }
            };
        }
        // README:end
    }

    /** The README's example check: the release's tables can be read. */
    @Configuration(proxyBeanMethods = false)
    static class WorkingRelease {
        @Bean
        HealthCheck codorchWorks(JdbcTemplate jdbc) {
            return () -> jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class) >= 0;
        }
    }

    /** A check that fails, as a release that does not work would make it fail. */
    @Configuration(proxyBeanMethods = false)
    static class BrokenRelease {
        @Bean
        HealthCheck codorchWorks() {
            return () -> false;
        }
    }

    static String readmeSection() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## From Spring Boot");
        assertThat(start).as("README has a section 'From Spring Boot'").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    static List<String> readmeBlocks(String language) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)\\n```", Pattern.DOTALL).matcher(readmeSection());
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The README's n-th properties block, as the properties a host puts in application.properties. */
    static Map<String, Object> readmeProperties(int n) throws IOException {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String line : readmeBlocks("properties").get(n).lines().toList()) {
            int eq = line.indexOf('=');
            props.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return props;
    }

    static Map<String, Object> dataSource(TestDb db) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", db.url());
        if (db.user() != null) {
            props.put("spring.datasource.username", db.user());
        }
        if (db.password() != null) {
            props.put("spring.datasource.password", db.password());
        }
        props.put("spring.main.banner-mode", "off");
        return props;
    }

    static ConfigurableApplicationContext start(TestDb db, Map<String, Object> properties, Class<?>... sources) {
        return new SpringApplicationBuilder(sources).properties(dataSource(db)).properties(properties).run();
    }

    /** The versions the build asked for: Spring Boot 3.5 with Liquibase 4.33.0, or in profile liquibase5 Boot 4 with 5.0.4. */
    static void assertHostVersions() {
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("dbsteps.expected.spring-boot"));
        assertThat(LiquibaseUtil.getBuildVersion()).as("the Liquibase that runs, whatever Spring Boot manages")
                .isEqualTo(System.getProperty("dbsteps.expected.liquibase"));
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void springsLiquibaseRunnerBringsTheSchemaToHeadAndDbstepsSeesItUpToDate(TestDb.Kind kind) throws Exception {
        Map<String, Object> readme = readmeProperties(0);
        assertThat(readme).containsEntry("spring.liquibase.change-log", "classpath:dbsteps/codorch/changelog.yaml")
                .containsEntry("spring.liquibase.database-change-log-table", "dbsteps_codorch_log")
                .containsEntry("spring.liquibase.database-change-log-lock-table", "dbsteps_codorch_lock")
                .containsEntry("spring.liquibase.analytics-enabled", "false");
        try (TestDb db = TestDb.create(kind);
             ConfigurableApplicationContext app = start(db, readme, LiquibaseRunnerHost.class)) {
            assertHostVersions();
            SpringLiquibase runner = app.getBean(SpringLiquibase.class);
            assertThat(runner.getAnalyticsEnabled()).as("no usage data leaves the host").isFalse();
            assertThat(runner.getDatabaseChangeLogTable()).isEqualTo("dbsteps_codorch_log");

            DbSteps api = db.configure().schema("codorch").load();
            StatusResult status = api.status();
            assertThat(status.upToDate()).isTrue();
            assertThat(status.currentTag()).isEqualTo("1.0");
            assertThat(api.history().applied()).hasSize(16).allMatch(a -> a.file().startsWith("dbsteps/codorch/"));
            assertThat(api.checkDrift().clean()).as("exactly release 1.0: %s", api.checkDrift()).isTrue();
            try (Connection c = db.connect()) {
                assertThat(c.getMetaData().getTables(null, null, "databasechangelog", null).next())
                        .as("nothing in Liquibase's default tables").isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void anApplicationRunnerReleasesWithDbstepsAndAFailedCheckRollsTheReleaseBack(TestDb.Kind kind) throws Exception {
        assertThat(normalized(readmeBlocks("java").get(0))).as("the README's bean is the one this test runs")
                .isEqualTo(normalized(thisTestsBean()));
        Map<String, Object> readme = readmeProperties(1);
        assertThat(readme).containsEntry("spring.liquibase.enabled", "false");

        try (TestDb db = TestDb.create(kind)) {
            assertThatThrownBy(() -> start(db, readme, ReleasingHost.class, BrokenRelease.class).close())
                    .as("the application does not start on a release that does not work")
                    .hasStackTraceContaining("codorch 1.0 was rolled back: the health check reported the release "
                            + "unhealthy");
            DbSteps api = db.configure().schema("codorch").load();
            assertThat(api.history().applied()).isEmpty();
            assertThat(api.snapshot().objects()).isEmpty();

            try (ConfigurableApplicationContext app = start(db, readme, ReleasingHost.class, WorkingRelease.class)) {
                assertHostVersions();
                assertThat(app.getBeanNamesForType(SpringLiquibase.class)).isEmpty();
                assertThat(api.status().upToDate()).isTrue();
                assertThat(api.status().currentTag()).isEqualTo("1.0");
                assertThat(api.checkDrift().clean()).isTrue();
            }
        }
    }

    private static String thisTestsBean() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/dbsteps/SpringBootHostIT.java"));
        int begin = source.indexOf("// README:begin\n");
        int end = source.indexOf("// README:end");
        return source.substring(begin + "// README:begin\n".length(), end);
    }

    /** Lines without indentation: the README's block is indented less than the test's class body. */
    private static List<String> normalized(String code) {
        return code.strip().lines().map(String::strip).toList();
    }
}
