package io.dbsteps.internal.fastpath;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The applied changesets of a tracking table in one value, so that SQLite's up-to-date check reads one row instead of
 * every row. Each row is written as ID, AUTHOR, FILENAME and MD5SUM, separated by the control character US (31) and
 * ended by RS (30), or by FS (28) when it has no checksum; rows are joined in the order SQLite reads the table, which
 * is the order they were inserted (no ORDER BY: sorting would cost as much as the rest of the query).
 *
 * <p>Equal digests mean equal tables. A manifest whose names contain one of the three characters gets no digest (the
 * rows are read instead), so the expected text holds exactly four of them per row. The table's text then equals it
 * only if it holds exactly as many (the counts of rows are compared too, so no field of the table holds one), and it
 * splits into the same fields in the same order, whatever order SQLite read them in. Different text is no proof
 * of a difference: a table whose rows come in another order is read row by row.
 */
final class HistoryDigest {
    private static final char FIELD = 31;
    private static final char ROW = 30;
    private static final char ROW_WITHOUT_CHECKSUM = 28;

    /**
     * The digest of each manifest in use, by identity (a manifest never changes); a manifest learned again replaces
     * the old one, whose digest then goes with it.
     */
    private static final Map<ChangelogManifest, Optional<String>> OF_MANIFEST =
            Collections.synchronizedMap(new WeakHashMap<>());

    private HistoryDigest() {
    }

    /** {@link #of(List)} of the manifest's entries, computed once per manifest. */
    static String of(ChangelogManifest manifest) {
        return OF_MANIFEST.computeIfAbsent(manifest, m -> Optional.ofNullable(of(m.entries()))).orElse(null);
    }

    /** One row: the count of rows, the digest, and the tag of the newest tagged row. */
    static String sqliteQuery(String logTable) {
        return "SELECT COUNT(*), group_concat(ID || char(31) || AUTHOR || char(31) || FILENAME || char(31)"
                + " || COALESCE(MD5SUM || char(30), char(28)), ''), (SELECT TAG FROM "
                + logTable + " WHERE TAG IS NOT NULL ORDER BY DATEEXECUTED DESC, ORDEREXECUTED DESC LIMIT 1) FROM "
                + logTable;
    }

    /**
     * The digest a table holding exactly these rows, applied in this order, gives {@link #sqliteQuery}; null when there
     * are no rows or a name holds one of the separators.
     */
    static String of(List<ChangelogManifest.Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (ChangelogManifest.Entry e : entries) {
            for (String field : new String[] {e.id(), e.author(), e.file(), e.checksum()}) {
                if (field != null && (field.indexOf(FIELD) >= 0 || field.indexOf(ROW) >= 0
                        || field.indexOf(ROW_WITHOUT_CHECKSUM) >= 0)) {
                    return null;
                }
            }
            out.append(e.id()).append(FIELD).append(e.author()).append(FIELD).append(e.file()).append(FIELD);
            if (e.checksum() == null) {
                out.append(ROW_WITHOUT_CHECKSUM);
            } else {
                out.append(e.checksum()).append(ROW);
            }
        }
        return out.length() == 0 ? null : out.toString();
    }
}
