package io.dbsteps.internal.liquibase;

import io.dbsteps.ProgressListener;
import io.dbsteps.Step;
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
public final class StepRecorder {
    private final ProgressListener listener;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long started;
    private String running;

    public StepRecorder(ProgressListener listener) {
        this.listener = listener;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The changeset that was running when the command failed, as {@code file::id::author}, or {@code null}. */
    public String failed() {
        return running;
    }

    public void starting(ChangeSet changeSet) {
        starting(changeSet.toString(false));
    }

    public void starting(String name) {
        started = System.nanoTime();
        running = name;
        notes.clear();
    }

    public void note(String message) {
        notes.add(message);
    }

    /** The changeset was skipped: nothing to record, and it is not the one that failed. */
    public void skipped() {
        running = null;
    }

    public void done(ChangeSet changeSet, Step.Outcome outcome) {
        done(changeSet.getId(), changeSet.getAuthor(), changeSet.getStoredFilePath(), tagOf(changeSet), outcome);
    }

    public void done(String id, String author, String file, String tag, Step.Outcome outcome) {
        Step step = new Step(id, author, file, outcome, tag, Duration.ofNanos(System.nanoTime() - started), notes);
        steps.add(step);
        running = null;
        if (listener != null) {
            listener.stepDone(step);
        }
    }

    public static String tagOf(ChangeSet changeSet) {
        for (Change change : changeSet.getChanges()) {
            if (change instanceof TagDatabaseChange tag) {
                return tag.getTag();
            }
        }
        return null;
    }
}
