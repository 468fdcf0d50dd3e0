package io.dbsteps.internal.fastpath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The applied changesets of a tracking table in one value, so that SQLite's up-to-date check reads one row instead of
 * every row. Each row is written as its length-prefixed ID, AUTHOR, FILENAME and MD5SUM ({@code -} for a missing
 * checksum), which no two different rows share; the rows are joined in SQLite's BINARY order (the bytes of their
 * UTF-8 text). Two digests are equal exactly when the two tables hold the same rows. The SQL and the Java below write
 * the same text; lengths count code points on both sides.
 */
final class HistoryDigest {
    private HistoryDigest() {
    }

    /**
     * One row: the count of rows, the digest, and the tag of the newest tagged row. The aggregate's ORDER BY needs
     * SQLite 3.44 or later; on an older SQLite the query fails and the caller reads the rows instead.
     */
    static String sqliteQuery(String logTable) {
        String row = "length(ID) || ':' || ID || length(AUTHOR) || ':' || AUTHOR || length(FILENAME) || ':' || FILENAME"
                + " || CASE WHEN MD5SUM IS NULL THEN '-' ELSE length(MD5SUM) || ':' || MD5SUM END";
        return "SELECT COUNT(*), group_concat(r, '' ORDER BY r), (SELECT TAG FROM " + logTable
                + " WHERE TAG IS NOT NULL ORDER BY DATEEXECUTED DESC, ORDEREXECUTED DESC LIMIT 1)"
                + " FROM (SELECT " + row + " AS r FROM " + logTable + ")";
    }

    /** The digest a table holding exactly these rows gives {@link #sqliteQuery}; null for no rows. */
    static String of(List<ChangelogManifest.Entry> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        List<byte[]> rows = new ArrayList<>();
        for (ChangelogManifest.Entry e : entries) {
            String text = field(e.id()) + field(e.author()) + field(e.file())
                    + (e.checksum() == null ? "-" : field(e.checksum()));
            rows.add(text.getBytes(StandardCharsets.UTF_8));
        }
        rows.sort(Arrays::compareUnsigned);
        StringBuilder out = new StringBuilder();
        rows.forEach(r -> out.append(new String(r, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static String field(String value) {
        return value.codePointCount(0, value.length()) + ":" + value;
    }
}
