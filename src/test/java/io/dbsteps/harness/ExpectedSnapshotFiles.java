package io.dbsteps.harness;

import io.dbsteps.SchemaSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The expected schemas shipped in the jar for the drift check, {@code changelogs/<schema>/snapshots/<tag>.<dbms>.txt},
 * are written by the per-tag proof. Run with {@code -Ddbsteps.snapshots.write=true} to (re)write them; otherwise a
 * missing or stale file fails the proof.
 */
final class ExpectedSnapshotFiles {
    static final String WRITE = "dbsteps.snapshots.write";

    private ExpectedSnapshotFiles() {
    }

    static Path file(String schema, String tag, String dbms) {
        return ShippedChangelogs.ROOT.resolve(schema).resolve("snapshots").resolve(tag + "." + dbms + ".txt");
    }

    static void check(String schema, String tag, SchemaSnapshot actual) {
        Path file = file(schema, tag, actual.dbms());
        try {
            if (Boolean.getBoolean(WRITE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual.format());
                return;
            }
            String how = " Rewrite it with: mvn test -Dtest=PerTagProofTest -D" + WRITE + "=true, and commit it.";
            if (!Files.exists(file)) {
                throw new AssertionError(schema + ": the expected schema " + file + " for the drift check is missing."
                        + how);
            }
            List<String> diff = SchemaSnapshot.parse(Files.readString(file)).differencesTo(actual).stream()
                    .map(Object::toString).toList();
            if (!diff.isEmpty()) {
                throw new AssertionError(schema + ": the expected schema " + file + " is stale; the changelog now "
                        + "produces:\n  " + String.join("\n  ", diff) + "\n" + how);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
