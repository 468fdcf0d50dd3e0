package io.dbsteps;

import java.time.Instant;

/**
 * A changeset recorded as applied in the schema's tracking table.
 *
 * @param id          the changeset id
 * @param author      the changeset author
 * @param file        the changeset's logical file path
 * @param executedAt  when it was applied
 * @param outcome     how it was applied: {@code EXECUTED}, {@code MARK_RAN}, {@code RERAN}
 * @param tag         the tag it carries, or {@code null}
 * @param checksum    the checksum stored when it was applied
 * @param description Liquibase's short description of the change types
 */
public record AppliedChange(String id, String author, String file, Instant executedAt, String outcome, String tag,
                            String checksum, String description) {
}
