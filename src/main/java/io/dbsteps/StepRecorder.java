package io.dbsteps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.core.TagDatabaseChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;

/**
 * Times each changeset that Liquibase applies or rolls back, collects the {@link Step}s, tells the host's
 * {@link ProgressListener}, and remembers the changeset that failed.
 */
final class StepRecorder extends AbstractChangeExecListener {
    private final ProgressListener listener;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long started;
    private String failed;

    StepRecorder(ProgressListener listener) {
        this.listener = listener;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The changeset that failed, as {@code file::id::author}, or {@code null}. */
    String failed() {
        return failed;
    }

    /** Notes the changeset about to run, so that a failure in it can be named. */
    void starting(ChangeSet changeSet) {
        started = System.nanoTime();
        failed = changeSet.toString(false);
        notes.clear();
    }

    /** A custom change's confirmation message is a note for the host, e.g. how many rows it could not move. */
    @Override
    public void ran(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        if (change instanceof CustomChangeWrapper) {
            String message = change.getConfirmationMessage();
            if (message != null && !message.isBlank()) {
                notes.add(message);
            }
        }
    }

    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ChangeSet.RunStatus runStatus) {
        starting(changeSet);
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ChangeSet.ExecType execType) {
        switch (execType) {
            case EXECUTED, RERAN -> record(changeSet, Step.Outcome.EXECUTED);
            case MARK_RAN -> record(changeSet, Step.Outcome.MARKED_RAN);
            default -> failed = null;
        }
    }

    @Override
    public void willRollback(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        starting(changeSet);
    }

    @Override
    public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        record(changeSet, Step.Outcome.ROLLED_BACK);
    }

    private void record(ChangeSet changeSet, Step.Outcome outcome) {
        Step step = new Step(changeSet.getId(), changeSet.getAuthor(), changeSet.getStoredFilePath(), outcome,
                tagOf(changeSet), Duration.ofNanos(System.nanoTime() - started), notes);
        steps.add(step);
        failed = null;
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
