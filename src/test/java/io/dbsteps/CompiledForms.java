package io.dbsteps;

import io.dbsteps.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test changelogs written into a search path and compiled there as a host's build compiles its own. */
final class CompiledForms {
    private CompiledForms() {
    }

    /** Writes the changelog into the directory and writes its manifest and compiled forms beside it; its file name. */
    static String compile(Path dir, String name, TestDb.Kind kind, String yaml) throws Exception {
        String file = name + "-" + kind + ".yaml";
        Files.writeString(dir.resolve(file), yaml);
        ManifestWriter.main(new String[] {dir.toString(), file});
        return file;
    }
}
