package io.dbsteps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.core.TagDatabaseChange;
import liquibase.changelog.ChangeSet;

/**
 * Times each changeset a command applies or rolls back, collects the {@link Step}s with their notes, tells the
 * host's {@link ProgressListener}, and remembers the changeset that was running when something failed.
 */
final class StepRecorder {
    private final ProgressListener listener;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long started;
    private String running;

    StepRecorder(ProgressListener listener) {
        this.listener = listener;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The changeset that was running when the command failed, as {@code file::id::author}, or {@code null}. */
    String failed() {
        return running;
    }

    void starting(ChangeSet changeSet) {
        starting(changeSet.toString(false));
    }

    void starting(String name) {
        started = System.nanoTime();
        running = name;
        notes.clear();
    }

    void note(String message) {
        notes.add(message);
    }

    /** The changeset was skipped: nothing to record, and it is not the one that failed. */
    void skipped() {
        running = null;
    }

    void done(ChangeSet changeSet, Step.Outcome outcome) {
        done(changeSet.getId(), changeSet.getAuthor(), changeSet.getStoredFilePath(), tagOf(changeSet), outcome);
    }

    void done(String id, String author, String file, String tag, Step.Outcome outcome) {
        Step step = new Step(id, author, file, outcome, tag, Duration.ofNanos(System.nanoTime() - started), notes);
        steps.add(step);
        running = null;
        if (listener != null) {
            listener.stepDone(step);
        }
    }

    static String tagOf(ChangeSet changeSet) {
        for (Change change : changeSet.getChanges()) {
            if (change instanceof TagDatabaseChange tag) {
                return tag.getTag();
            }
        }
        return null;
    }
}
