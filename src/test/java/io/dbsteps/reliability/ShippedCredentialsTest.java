package io.dbsteps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.PendingChange;
import io.dbsteps.harness.Fixture;
import io.dbsteps.harness.FixtureLoader;
import io.dbsteps.harness.ShippedChangelogs;
import io.dbsteps.testing.TestDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No shipped changelog creates a default credential, now or in a release added later: every schema in
 * {@code changelogs/} is updated to head on every database, once as a host that names no context would run it and
 * once with every context the changelog mentions (e.g. sample-data), on top of the harness's fixture data where it
 * has one; then every column that looks like it holds a credential is checked ({@link CredentialCheck}). The
 * changelogs' text is checked too, for password hashes and guessable passwords written into it.
 */
class ShippedCredentialsTest {
    private static final Pattern CONTEXT = Pattern.compile("(?m)^[^#\\n]*\\bcontext(?:Filter|s)?:\\s*[\"']?([^\"'\\n},]+)");

    static Stream<Arguments> schemasOnEveryDatabase() {
        return ShippedChangelogs.onEveryDatabase().map(a -> Arguments.of(a.get()[0].toString(), a.get()[1]));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("schemasOnEveryDatabase")
    void noChangelogCreatesAnAccountWithAGuessablePassword(String schema, TestDb.Kind kind) throws Exception {
        Set<String> contexts = contexts(schema);
        List<List<String>> runs = new ArrayList<>();
        runs.add(List.of());
        if (!contexts.isEmpty()) {
            runs.add(List.copyOf(contexts));
        }
        for (List<String> run : runs) {
            assertThat(findingsAtHead(schema, kind, b -> b.schema(schema), run))
                    .as("%s on %s with contexts %s: accounts a guessable password opens", schema, kind, run)
                    .isEmpty();
        }
    }

    @Test
    void noChangelogTextHoldsAPasswordOrAHash() throws IOException {
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ShippedChangelogs.ROOT)) {
            for (Path file : files.filter(Files::isRegularFile).filter(ShippedCredentialsTest::changelogText).toList()) {
                findings.addAll(CredentialCheck.literalCredentials(file.toString(),
                        Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void everyShippedSchemaIsChecked() {
        assertThat(ShippedChangelogs.schemas()).containsExactlyInAnyOrderElementsOf(DbSteps.shippedSchemas());
        assertThat(contexts("educare")).as("contexts are found in the changelog").contains("sample-data");
    }

    static boolean changelogText(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".sql") || name.endsWith(".xml")
                || name.endsWith(".json");
    }

    /** What the configuration needs besides the database: a schema, or a changelog of one's own. */
    interface Source {
        DbStepsBuilder apply(DbStepsBuilder b);
    }

    /**
     * Updates a fresh database to head (with the contexts given) and returns the credential findings. Where the
     * harness has a fixture for one of the changelog's tags, the database is first updated to that tag and the
     * fixture loaded (whole: fixtures refer to their own generated keys), so that changesets that turn existing rows
     * into accounts have rows to turn.
     */
    static List<String> findingsAtHead(String name, TestDb.Kind kind, Source source, List<String> contexts)
            throws Exception {
        try (TestDb db = TestDb.create(kind); Connection c = db.connect()) {
            DbStepsBuilder b = source.apply(db.configure());
            if (!contexts.isEmpty()) {
                b.contexts(contexts.toArray(String[]::new));
            }
            DbSteps steps = b.load();
            List<String> tags = steps.status().pending().stream().map(PendingChange::tag).filter(Objects::nonNull)
                    .toList();
            String fixtureTag = tags.stream().filter(t -> Fixture.exists(name, t)).findFirst().orElse(null);
            if (fixtureTag != null) {
                steps.updateTo(fixtureTag);
                FixtureLoader.load(c, kind == TestDb.Kind.POSTGRESQL, Fixture.read(name, fixtureTag));
            }
            steps.update();
            assertThat(steps.status().upToDate()).isTrue();
            return CredentialCheck.usableCredentials(c, name);
        }
    }

    /** Every context a schema's changelog files name, in a changeset, an include or a property. */
    static Set<String> contexts(String schema) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ShippedChangelogs.ROOT.resolve(schema))) {
            for (Path file : files.filter(Files::isRegularFile).filter(ShippedCredentialsTest::changelogText).toList()) {
                Matcher m = CONTEXT.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    for (String word : m.group(1).split("[^A-Za-z0-9_.-]+")) {
                        if (!word.isEmpty() && !Set.of("and", "or", "not").contains(word.toLowerCase(Locale.ROOT))) {
                            out.add(word);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
