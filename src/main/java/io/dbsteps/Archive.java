package io.dbsteps;

/**
 * Data a rollback copied aside before dropping it.
 *
 * @param table        the table that was dropped, or whose column was dropped
 * @param column       the dropped column, or {@code null} if the whole table was dropped
 * @param archiveTable the table the rows were copied into, in the same database
 * @param rows         how many rows it holds (for a column: the rows where it was not null, with their keys)
 */
public record Archive(String table, String column, String archiveTable, long rows) {
}
