package io.dbsteps.internal.liquibase;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;

import java.util.List;
import java.util.Optional;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;

/**
 * How a tag a user names is matched, exactly as Liquibase 4.33.0 matches it, so that what dbsteps checks is what
 * Liquibase then does:
 * <ul>
 *   <li>a tag in the history is found ignoring case, at its oldest occurrence ({@code AfterTagChangeSetFilter} with
 *       Liquibase's default tag version, and {@code UpToTagChangeSetFilter} for updates);</li>
 *   <li>a tag not yet applied is found only by exact, case-sensitive equality with a {@code tagDatabase} change of
 *       the changelog ({@code UpToTagChangeSetFilter}, {@code UpdateToTagCommandStep}). Liquibase, finding none,
 *       would apply the whole changelog; dbsteps refuses instead.</li>
 * </ul>
 */
public final class TagRule {
    private TagRule() {
    }

    /** Whether Liquibase takes a history row's tag for the tag asked for. */
    public static boolean matchesApplied(String asked, String applied) {
        return applied != null && asked.equalsIgnoreCase(applied);
    }

    /** Whether Liquibase takes a changeset's {@code tagDatabase} tag for the tag asked for. */
    public static boolean matchesDeclared(String asked, String declared) {
        return asked.equals(declared);
    }

    /** The index of the history row Liquibase rolls back or updates to, or -1 if none carries the tag. */
    public static int appliedIndex(String asked, List<RanChangeSet> history) {
        for (int i = 0; i < history.size(); i++) {
            if (matchesApplied(asked, history.get(i).getTag())) {
                return i;
            }
        }
        return -1;
    }

    /** The release tags of a changelog: the tags of its {@code tagDatabase} changesets, in changelog order. */
    public static List<String> declaredTags(List<ChangeSet> changeSets) {
        return changeSets.stream().map(StepRecorder::tagOf).filter(t -> t != null).toList();
    }

    /** Whether the changeset is the one whose {@code tagDatabase} carries the tag asked for (exactly, as Liquibase). */
    public static boolean isDeclaredAt(String asked, ChangeSet changeSet) {
        return asked != null && matchesDeclared(asked, StepRecorder.tagOf(changeSet));
    }

    /** The changeset whose {@code tagDatabase} carries exactly this tag. */
    public static Optional<ChangeSet> declared(String asked, List<ChangeSet> changeSets) {
        return changeSets.stream().filter(cs -> matchesDeclared(asked, StepRecorder.tagOf(cs))).findFirst();
    }

    /** The declared tags that differ from the one asked for only in case. */
    public static List<String> caseVariants(String asked, List<ChangeSet> changeSets) {
        return changeSets.stream().map(StepRecorder::tagOf)
                .filter(t -> t != null && !t.equals(asked) && t.equalsIgnoreCase(asked)).distinct().toList();
    }

    /**
     * The refusal for a tag that is neither applied nor declared exactly: with a suggestion when only its case
     * differs from a declared tag, otherwise with the release tags of the changelog.
     */
    public static DbStepsException unknown(String schema, String asked, List<ChangeSet> changeSets) {
        List<String> variants = caseVariants(asked, changeSets);
        if (!variants.isEmpty()) {
            return new DbStepsException(ErrorCode.UNKNOWN_TAG, "Schema " + schema + ": tag '" + asked + "' is not in "
                    + "the changelog, and nothing was changed; tags not yet applied are matched exactly, case "
                    + "included. Did you mean '" + variants.get(0) + "'?");
        }
        List<String> tags = declaredTags(changeSets);
        return new DbStepsException(ErrorCode.UNKNOWN_TAG, "Schema " + schema + ": tag '" + asked + "' is not a "
                + "release tag of this changelog, and nothing was changed. Its release tags are " + tags + ".");
    }
}
