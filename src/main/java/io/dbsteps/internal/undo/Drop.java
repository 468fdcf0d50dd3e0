package io.dbsteps.internal.undo;

/**
 * What a rollback drops: a whole table ({@code column} null), or one column of it.
 *
 * @param table  the table, unquoted
 * @param column the column, or null for the whole table
 */
public record Drop(String table, String column) {
}
