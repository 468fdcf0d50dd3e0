package io.dbsteps.proof;

/** The kinds of proof a {@link ChangelogProof} runs. */
public enum ProofKind {
    /**
     * On each target, for each changeset in order: apply it, take a snapshot, roll it back, the schema must equal the
     * one before it; apply it again, the schema must equal its first apply.
     */
    PER_CHANGESET,
    /**
     * On each target: update tag by tag, taking a snapshot at each tag; update to head; roll back to every tag, newest
     * first, the schema must equal the one taken when the update passed it; roll back everything, the schema must be
     * the one the target had before; update to head again, the schema must equal head. Without tags, only the last
     * two steps remain.
     */
    PER_TAG,
    /**
     * Between the first target and each other one: at every tag and at head, the two have the same schema and the
     * same history when they are the same kind of database, and the same tables, columns, nullability and foreign
     * keys when they are not.
     */
    PARITY
}
