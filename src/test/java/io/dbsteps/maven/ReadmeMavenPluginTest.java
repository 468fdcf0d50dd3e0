package io.dbsteps.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Maven plugin snippets are the ones the consumer builds under {@code src/it} run: the plugin block is
 * the POMs' (with the versions the build fills in), and every {@code mvn liquibase:...} command is one of their
 * invocations.
 */
class ReadmeMavenPluginTest {
    private static final Path IT = Path.of("src/it");
    private static final Pattern PLUGIN = Pattern.compile(
            "( *)<plugin>\\s*<groupId>org\\.liquibase</groupId>\\s*<artifactId>liquibase-maven-plugin</artifactId>.*?</plugin>",
            Pattern.DOTALL);

    static String section(String heading) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## " + heading);
        assertThat(start).as("README has a section '%s'", heading).isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    static List<String> blocks(String text, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)\\n```", Pattern.DOTALL).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The liquibase-maven-plugin block of a consumer build's POM, with the build's @...@ versions filled in. */
    static String pluginBlock(String project) throws IOException {
        String pom = Files.readString(IT.resolve(project).resolve("pom.xml"));
        Matcher m = PLUGIN.matcher(pom);
        assertThat(m.find()).as("%s/pom.xml has a liquibase-maven-plugin block", project).isTrue();
        return m.group().replace("@postgresql.version@", projectProperty("postgresql.version"))
                .replace("@sqlite.version@", projectProperty("sqlite.version"));
    }

    static String projectProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("pom.xml defines %s", name).isTrue();
        return m.group(1);
    }

    /** Lines without their indentation: the README block and the POM's are indented differently. */
    static List<String> lines(String xml) {
        return xml.strip().lines().map(String::strip).toList();
    }

    @Test
    void theReadmesPluginBlockIsTheOneTheConsumerBuildsRun() throws IOException {
        List<String> xml = blocks(section("From a Maven build"), "xml");
        assertThat(xml).hasSize(1);
        String readme = xml.get(0);
        assertThat(lines(pluginBlock("plugin-goals"))).isEqualTo(lines(readme));
        assertThat(lines(pluginBlock("mixed-clients"))).as("the same block, for trajectory")
                .isEqualTo(lines(readme.replace("codorch", "trajectory")));
        assertThat(readme).contains("<version>" + projectProperty("liquibase-maven-plugin.version") + "</version>")
                .contains("<analyticsEnabled>false</analyticsEnabled>");
    }

    @Test
    void everyGoalTheReadmeShowsIsOneTheConsumerBuildsRun() throws IOException {
        List<String> readmeGoals = new ArrayList<>();
        for (String block : blocks(section("From a Maven build"), "bash")) {
            for (String line : block.lines().toList()) {
                String command = line.replaceFirst("\\s+#.*$", "").strip();
                assertThat(command).as("a README command").startsWith("mvn liquibase:");
                readmeGoals.add(command.substring("mvn ".length()));
            }
        }
        List<String> invoked = new ArrayList<>();
        try (var projects = Files.list(IT)) {
            for (Path project : projects.filter(Files::isDirectory).toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(project.resolve("invoker.properties"))) {
                    p.load(r);
                }
                p.stringPropertyNames().stream().filter(k -> k.startsWith("invoker.goals."))
                        .forEach(k -> invoked.add(p.getProperty(k).strip()));
            }
        }
        assertThat(invoked).containsAll(readmeGoals);
        assertThat(readmeGoals).as("the goals the README documents").contains("liquibase:update", "liquibase:status",
                "liquibase:updateSQL", "liquibase:futureRollbackSQL", "liquibase:updateTestingRollback",
                "liquibase:rollback -Dliquibase.rollbackTag=1.0");
        assertThat(readmeGoals).anyMatch(g -> g.startsWith("liquibase:tag -Dliquibase.tag="));
    }
}
