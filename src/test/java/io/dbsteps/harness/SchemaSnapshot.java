package io.dbsteps.harness;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import liquibase.CatalogAndSchema;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.diff.DiffGeneratorFactory;
import liquibase.diff.DiffResult;
import liquibase.diff.Difference;
import liquibase.diff.ObjectDifferences;
import liquibase.diff.compare.CompareControl;
import liquibase.diff.output.StandardObjectChangeFilter;
import liquibase.snapshot.DatabaseSnapshot;
import liquibase.snapshot.SnapshotControl;
import liquibase.snapshot.SnapshotGeneratorFactory;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.Column;
import liquibase.structure.core.ForeignKey;
import liquibase.structure.core.Index;
import liquibase.structure.core.PrimaryKey;
import liquibase.structure.core.Sequence;
import liquibase.structure.core.Table;
import liquibase.structure.core.UniqueConstraint;
import liquibase.structure.core.View;

/**
 * The schema of a database at one moment: Liquibase's snapshot (tables, columns with types, nullability and
 * defaults, primary, foreign and unique keys, indexes, views, sequences) plus the {@link CatalogFacts} that
 * Liquibase's snapshot cannot see. Tables whose name matches the excluded pattern (tracking tables, archives)
 * are left out.
 */
public final class SchemaSnapshot {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<? extends DatabaseObject>[] TYPES = new Class[] {
        Table.class, Column.class, PrimaryKey.class, ForeignKey.class, UniqueConstraint.class, Index.class,
        View.class, Sequence.class
    };

    private final DatabaseSnapshot liquibase;
    private final SortedSet<String> facts;
    private final SortedSet<String> foreignKeys;

    private SchemaSnapshot(DatabaseSnapshot liquibase, SortedSet<String> facts, SortedSet<String> foreignKeys) {
        this.liquibase = liquibase;
        this.facts = facts;
        this.foreignKeys = foreignKeys;
    }

    /**
     * Takes a snapshot through an observer connection, which must stay open while this snapshot is compared.
     *
     * @param excluded a regular expression for table names to leave out
     */
    public static SchemaSnapshot take(Connection observer, String excluded) {
        try {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(observer));
            observer.setAutoCommit(true); // an observer must hold no locks between snapshots
            Pattern pattern = Pattern.compile(excluded, Pattern.CASE_INSENSITIVE);
            SnapshotControl control = new SnapshotControl(database,
                    new StandardObjectChangeFilter(StandardObjectChangeFilter.FilterType.EXCLUDE, "(?i)" + excluded),
                    TYPES);
            DatabaseSnapshot snapshot = SnapshotGeneratorFactory.getInstance().createSnapshot(
                    new CatalogAndSchema(null, database.getDefaultSchemaName()), database, control);
            boolean postgres = database instanceof PostgresDatabase;
            java.util.function.Predicate<String> included = table -> !pattern.matcher(table).matches();
            return new SchemaSnapshot(snapshot, CatalogFacts.read(observer, postgres, included),
                    CatalogFacts.foreignKeys(observer, postgres, included));
        } catch (Exception e) {
            throw new IllegalStateException("snapshot failed: " + e.getMessage(), e);
        }
    }

    /**
     * Compares this snapshot (the expected one) with another.
     *
     * @return an empty list if they are equal, or one readable line per difference
     */
    public List<String> differencesTo(SchemaSnapshot actual) {
        List<String> out = new ArrayList<>();
        try {
            DiffResult diff = DiffGeneratorFactory.getInstance().compare(liquibase, actual.liquibase,
                    new CompareControl(new HashSet<>(Set.of(TYPES))));
            Comparator<DatabaseObject> byName = Comparator.comparing(SchemaSnapshot::describe);
            for (DatabaseObject o : sorted(diff.getMissingObjects(), byName)) {
                out.add("missing:    " + describe(o));
            }
            for (DatabaseObject o : sorted(diff.getUnexpectedObjects(), byName)) {
                out.add("unexpected: " + describe(o));
            }
            for (var e : diff.getChangedObjects().entrySet()) {
                ObjectDifferences d = e.getValue();
                for (Difference f : d.getDifferences()) {
                    out.add("changed:    " + describe(e.getKey()) + " " + f.getField() + ": "
                            + f.getReferenceValue() + " -> " + f.getComparedValue());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("diff failed: " + e.getMessage(), e);
        }
        for (String f : facts) {
            if (!actual.facts.contains(f)) {
                out.add("missing:    " + f);
            }
        }
        for (String f : actual.facts) {
            if (!facts.contains(f)) {
                out.add("unexpected: " + f);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Table names, the columns of each with their nullability, and the foreign keys: what must match across databases. */
    public SortedSet<String> shape() {
        SortedSet<String> out = new TreeSet<>(foreignKeys);
        for (Table t : liquibase.get(Table.class)) {
            out.add("table " + t.getName().toLowerCase());
            for (Column c : t.getColumns()) {
                out.add("column " + t.getName().toLowerCase() + "." + c.getName().toLowerCase()
                        + (Boolean.FALSE.equals(c.isNullable()) ? " NOT NULL" : ""));
            }
        }
        return out;
    }

    private static <T extends DatabaseObject> List<T> sorted(Set<T> set, Comparator<DatabaseObject> order) {
        List<T> list = new ArrayList<>(set);
        list.sort(order);
        return list;
    }

    private static String describe(DatabaseObject o) {
        String type = o.getClass().getSimpleName();
        if (o instanceof Column c && c.getRelation() != null) {
            return type + " " + c.getRelation().getName() + "." + c.getName();
        }
        if (o instanceof Index i && i.getRelation() != null) {
            return type + " " + i.getRelation().getName() + "." + i.getName();
        }
        return type + " " + o.getName();
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the observer is only read from
        }
    }
}
