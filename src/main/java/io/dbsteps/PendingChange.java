package io.dbsteps;

/**
 * A changeset of the changelog that has not been applied to the database.
 *
 * @param id          the changeset id
 * @param author      the changeset author
 * @param file        the changeset's logical file path
 * @param description Liquibase's short description of the change types, e.g. {@code createTable}
 * @param tag         the tag this changeset sets when applied, or {@code null}
 */
public record PendingChange(String id, String author, String file, String description, String tag) {
}
