package io.dbsteps;

import java.time.Instant;

/**
 * An archive a rollback made and that is still in the database, as the schema's record of its archives lists it.
 *
 * @param archiveTable the table holding the archived data
 * @param table        the table the rollback dropped, or dropped a column of
 * @param column       the dropped column, or {@code null} when the whole table was dropped
 * @param changeset    the changeset whose rollback dropped it, as {@code file::id::author}
 * @param rows         how many rows were copied
 * @param created      when the archive was made
 */
public record ArchiveEntry(String archiveTable, String table, String column, String changeset, long rows,
                           Instant created) {
}
