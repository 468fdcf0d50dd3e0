package io.dbsteps.internal.ownership;

import io.dbsteps.Drift;
import io.dbsteps.SchemaSnapshot;

import java.util.List;

/**
 * Narrows a comparison to the schema's own objects. An extra object whose table (or, for a view, enum type or
 * sequence, the object itself) the schema does not expect at all belongs to someone else: a host table, another
 * schema's table, a tracking table or an archive. It is not drift. A missing or changed object of the schema's own,
 * and an extra column, key or index on one of its own tables, still are.
 */
public final class OwnObjects {
    private OwnObjects() {
    }

    public static List<Drift> only(SchemaSnapshot expected, List<Drift> differences) {
        return differences.stream()
                .filter(d -> d.kind() != Drift.Kind.EXTRA || expected.objects().containsKey(root(d.object())))
                .toList();
    }

    private static String root(String key) {
        if (!key.startsWith("table/")) {
            return key;
        }
        int end = key.indexOf('/', "table/".length());
        return end < 0 ? key : key.substring(0, end);
    }
}
