package io.dbsteps;

import java.util.List;

/**
 * What an update would apply.
 *
 * @param schema     the schema
 * @param currentTag the newest applied tag, or {@code null} if none
 * @param pending    the changesets not yet applied, in the order an update would apply them
 * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
 * @param edited     the applied changesets whose text differs from the text they were applied with (their checksums
 *                   differ from the recorded ones), as {@code file::id::author}; an update and {@code validate()}
 *                   refuse them with {@link ErrorCode#CHECKSUM_MISMATCH}
 */
public record StatusResult(String schema, String currentTag, List<PendingChange> pending,
                           UnverifiedRelease unverified, List<String> edited) {
    /**
     * Copies the lists so that the record stays immutable.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param pending    the changesets not yet applied, in the order an update would apply them
     * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
     * @param edited     the applied changesets edited after they were applied
     */
    public StatusResult {
        pending = List.copyOf(pending);
        edited = List.copyOf(edited);
    }

    /**
     * A status without edited changesets.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param pending    the changesets not yet applied, in the order an update would apply them
     * @param unverified the guarded release whose health check has not passed, or {@code null} if there is none
     */
    public StatusResult(String schema, String currentTag, List<PendingChange> pending, UnverifiedRelease unverified) {
        this(schema, currentTag, pending, unverified, List.of());
    }

    /**
     * A status without an unverified release.
     *
     * @param schema     the schema
     * @param currentTag the newest applied tag, or {@code null} if none
     * @param pending    the changesets not yet applied, in the order an update would apply them
     */
    public StatusResult(String schema, String currentTag, List<PendingChange> pending) {
        this(schema, currentTag, pending, null);
    }

    /** @return true if nothing is pending (see {@link #edited()} for applied changesets that changed since) */
    public boolean upToDate() {
        return pending.isEmpty();
    }
}
