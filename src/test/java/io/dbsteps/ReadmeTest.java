package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.harness.ShippedChangelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's commands are the ones CI and the tests run, and it documents every shipped schema. */
class ReadmeTest {
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)\\n```", Pattern.DOTALL);

    static List<String> commands() throws Exception {
        Matcher m = BASH_BLOCK.matcher(Files.readString(Path.of("README.md")));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    @Test
    void theFirstCommandRunsTheCliOnSqliteAndTheSecondIsTheTestCommandCiRuns() throws Exception {
        List<String> commands = commands();
        assertThat(commands.get(0)).contains("java -jar target/dbsteps-*-cli.jar update --schema codorch")
                .doesNotContain("--url");
        assertThat(commands.get(1)).isEqualTo("mvn -B verify");
        assertThat(Files.readString(Path.of(".ci/run"))).as(".ci/run runs the README's test command")
                .containsPattern("(?m)^" + Pattern.quote(commands.get(1)) + "$");
    }

    @Test
    void everyShippedSchemaIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String schema : ShippedChangelogs.schemas()) {
            assertThat(readme).contains("| `" + schema + "` |");
            assertThat(Path.of("docs/schemas/" + schema + ".md")).exists();
        }
    }
}
