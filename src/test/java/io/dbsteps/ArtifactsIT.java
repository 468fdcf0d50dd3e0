package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -B verify} builds a jar ready to publish: the library with a module name, its sources and javadoc, with
 * fixed timestamps for reproducible builds, and a POM that carries what a repository asks for.
 */
class ArtifactsIT {
    private static final Path TARGET = Path.of("target");

    static Path artifact(String classifier) {
        String name = System.getProperty("dbsteps.final.name");
        assertThat(name).as("the failsafe configuration names the build's final name").isNotBlank();
        Path jar = TARGET.resolve(name + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
        assertThat(jar).as("mvn package builds %s", jar).exists();
        return jar;
    }

    static List<JarEntry> entries(JarFile jar) {
        return Collections.list(jar.entries());
    }

    @Test
    void theLibraryJarHasAModuleNameAndOnlyTheFixedTimestamp() throws Exception {
        try (JarFile jar = new JarFile(artifact("").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("io.dbsteps");
            assertThat(jar.getEntry("io/dbsteps/DbSteps.class")).isNotNull();
            assertThat(jar.getEntry("dbsteps/codorch/changelog.yaml")).isNotNull();
            assertFixedTimestamp(jar);
        }
    }

    @Test
    void sourcesAndJavadocJarsCoverThePublicApi() throws Exception {
        try (JarFile sources = new JarFile(artifact("sources").toFile());
             JarFile javadoc = new JarFile(artifact("javadoc").toFile())) {
            assertThat(sources.getEntry("io/dbsteps/DbSteps.java")).isNotNull();
            assertThat(javadoc.getEntry("io/dbsteps/DbSteps.html")).isNotNull();
            assertThat(javadoc.getEntry("io/dbsteps/DbStepsBuilder.html")).isNotNull();
            assertFixedTimestamp(sources);
            assertFixedTimestamp(javadoc);
        }
    }

    private static void assertFixedTimestamp(JarFile jar) {
        String timestamp = System.getProperty("dbsteps.output.timestamp");
        assertThat(timestamp).as("the failsafe configuration passes project.build.outputTimestamp").isNotBlank();
        LocalDateTime fixed = LocalDateTime.ofInstant(Instant.parse(timestamp), ZoneOffset.UTC);
        assertThat(entries(jar)).as("every entry of %s carries the fixed timestamp", jar.getName())
                .isNotEmpty().allMatch(e -> e.getTimeLocal().equals(fixed));
    }

    @Test
    void thePomCarriesWhatARepositoryAsksFor() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<name>dbsteps</name>", "<description>", "<url>https://", "<licenses>",
                "<name>Apache License, Version 2.0</name>", "<scm>", "<connection>scm:git:", "<developers>",
                "<project.build.outputTimestamp>");
    }
}
