package io.dbsteps.harness;

import java.sql.Connection;
import java.util.List;

/**
 * The harness's view of a schema at one moment: dbsteps' canonical {@link io.dbsteps.SchemaSnapshot} (the same
 * form the drift check uses), without the tables the target excludes.
 */
public final class SchemaSnapshot {
    private final io.dbsteps.SchemaSnapshot snapshot;

    private SchemaSnapshot(io.dbsteps.SchemaSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * Takes a snapshot through an observer connection.
     *
     * @param excluded a regular expression for table names to leave out
     */
    public static SchemaSnapshot take(Connection observer, String excluded) {
        return new SchemaSnapshot(io.dbsteps.SchemaSnapshot.of(observer).withoutTables(excluded));
    }

    public io.dbsteps.SchemaSnapshot canonical() {
        return snapshot;
    }

    /** Compares this snapshot (the expected one) with another: one readable line per difference, none if equal. */
    public List<String> differencesTo(SchemaSnapshot actual) {
        return snapshot.differencesTo(actual.snapshot).stream().map(Object::toString).toList();
    }
}
