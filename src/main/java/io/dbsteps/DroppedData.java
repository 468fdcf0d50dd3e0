package io.dbsteps;

/**
 * Data a planned rollback step would drop, counted live when the plan was made.
 *
 * @param table  the table
 * @param column the column, or {@code null} for the whole table
 * @param rows   the rows in the table, or the rows where the column is not null; -1 if it could not be counted
 */
public record DroppedData(String table, String column, long rows) {
}
