package io.dbsteps;

import java.time.Instant;
import java.util.List;

/**
 * A changeset recorded as applied in the schema's tracking table.
 *
 * @param id          the changeset id
 * @param author      the changeset author
 * @param file        the changeset's logical file path
 * @param executedAt  when it was applied
 * @param outcome     how it was applied: {@code EXECUTED}, {@code MARK_RAN}, {@code RERAN}
 * @param tag         the tag its history row carries (the one plain Liquibase clients see), or {@code null}
 * @param checksum    the checksum stored when it was applied
 * @param description Liquibase's short description of the change types
 * @param tags        every name of the state after it: {@code tag} first, then the names given with
 *                    {@link DbSteps#tag(String)} when the state already had a tag; each works for a rollback
 */
public record AppliedChange(String id, String author, String file, Instant executedAt, String outcome, String tag,
                            String checksum, String description, List<String> tags) {
    /**
     * Copies the list so that the record stays immutable.
     *
     * @param id          the changeset id
     * @param author      the changeset author
     * @param file        the changeset's logical file path
     * @param executedAt  when it was applied
     * @param outcome     how it was applied
     * @param tag         the tag its history row carries, or {@code null}
     * @param checksum    the checksum stored when it was applied
     * @param description Liquibase's short description of the change types
     * @param tags        every name of the state after it
     */
    public AppliedChange {
        tags = List.copyOf(tags);
    }

    /**
     * A changeset whose state has at most the tag of its history row.
     *
     * @param id          the changeset id
     * @param author      the changeset author
     * @param file        the changeset's logical file path
     * @param executedAt  when it was applied
     * @param outcome     how it was applied
     * @param tag         the tag its history row carries, or {@code null}
     * @param checksum    the checksum stored when it was applied
     * @param description Liquibase's short description of the change types
     */
    public AppliedChange(String id, String author, String file, Instant executedAt, String outcome, String tag,
            String checksum, String description) {
        this(id, author, file, executedAt, outcome, tag, checksum, description, tag == null ? List.of() : List.of(tag));
    }
}
