package io.dbsteps.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped changelog follows DESIGN.md's conventions, and the checker catches each kind of violation. */
class ConventionTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dbsteps.harness.ShippedChangelogs#schemas")
    void everyShippedChangelogFollowsTheConventions(String schema) throws IOException {
        Path folder = ShippedChangelogs.ROOT.resolve(schema);
        List<String> violations = new ArrayList<>(ChangelogConventions.master(folder, schema));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (!f.getFileName().toString().equals("changelog.yaml")) {
                    violations.addAll(ChangelogConventions.releaseFile(f, schema));
                }
            }
        }
        assertThat(violations).as("convention violations in changelogs/%s", schema).isEmpty();
    }

    @Test
    void theSchemaIndexListsExactlyTheShippedFolders() throws IOException {
        List<String> index = Files.readAllLines(ShippedChangelogs.ROOT.resolve("schemas.txt"), StandardCharsets.UTF_8)
                .stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        assertThat(index).as("changelogs/schemas.txt must list every folder of changelogs/, and nothing else")
                .isEqualTo(ShippedChangelogs.schemas());
    }

    @Test
    void theCheckerReportsEveryKindOfViolationInAReleaseFile() throws Exception {
        Path bad = Path.of(getClass().getClassLoader().getResource("conventions/bad/1.0.yaml").toURI());
        List<String> v = ChangelogConventions.releaseFile(bad, "bad");
        assertThat(v).anyMatch(s -> s.contains("first item must be logicalFilePath: dbsteps/bad/1.0.yaml"))
                .anyMatch(s -> s.contains("id 1.10 must be a quoted string"))
                .anyMatch(s -> s.contains("author dbsteps must be a quoted string"))
                .anyMatch(s -> s.contains("changeset 1.1: has no comment"))
                .anyMatch(s -> s.contains("changeset 1.1: has no rollback block"))
                .anyMatch(s -> s.contains("changeset 1.1: creates, drops, adds or renames and needs preConditions"))
                .anyMatch(s -> s.contains("changeset 1.0-02-index: creates, drops, adds or renames"))
                .anyMatch(s -> s.contains("changeset 2.0-03-wrong-release: ids in 1.0.yaml start with '1.0-'"))
                .anyMatch(s -> s.contains("changeset 2.0-03-wrong-release: tagDatabase only ends a release"))
                .anyMatch(s -> s.contains("changeset 2.0-03-wrong-release: tagDatabase needs keepTagOnRollback"))
                .anyMatch(s -> s.contains("changeset 1.0-04-data: the release must end with its tagDatabase"))
                .noneMatch(s -> s.contains("changeset 1.0-04-data: creates"));
    }

    @Test
    void theCheckerReportsEveryKindOfViolationInAMasterChangelog() throws Exception {
        Path folder = Path.of(getClass().getClassLoader().getResource("conventions/bad/changelog.yaml").toURI())
                .getParent();
        assertThat(ChangelogConventions.master(folder, "bad"))
                .anyMatch(s -> s.contains("includeAll is not allowed"))
                .anyMatch(s -> s.contains("includes dbsteps/bad/missing.yaml, which does not exist"))
                .anyMatch(s -> s.contains("does not include 1.0.yaml"))
                .anyMatch(s -> s.contains("does not include 2.0.yaml"));
    }
}
