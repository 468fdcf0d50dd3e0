package io.dbsteps.internal.liquibase;

import io.dbsteps.Archive;
import io.dbsteps.Step;
import io.dbsteps.internal.undo.Archiver;
import io.dbsteps.internal.undo.RollbackRenderer;
import io.dbsteps.internal.undo.UndoStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;

/**
 * dbsteps' part of every changeset Liquibase applies or rolls back: the one place where each step is timed and
 * reported, made one transaction with its history row, recorded in the undo store, and, before a rollback drops
 * data, archived.
 */
public final class ChangeSetHooks extends AbstractChangeExecListener {
    private final StepTransactions tx;
    private final StepRecorder recorder;
    private final UndoStore undo;
    private final Archiver archiver;
    private final Database database;
    private final List<Archive> archives = new ArrayList<>();
    private int heldRollbacks = 1;

    /**
     * @param undo     where to store rollbacks, or {@code null} when previewing SQL
     * @param archiver where to archive dropped data, or {@code null} when previewing or discarding
     */
    public ChangeSetHooks(StepTransactions tx, StepRecorder recorder, UndoStore undo, Archiver archiver, Database database) {
        this.tx = tx;
        this.recorder = recorder;
        this.undo = undo;
        this.archiver = archiver;
        this.database = database;
    }

    public List<Archive> archives() {
        return List.copyOf(archives);
    }

    /**
     * Makes the next {@code steps} rollbacks one transaction: nothing commits until the last of them is undone, and
     * a failure in any of them leaves the database as it was before the first.
     */
    public void holdAcross(int steps) {
        heldRollbacks = Math.max(1, steps);
    }

    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database db, ChangeSet.RunStatus status) {
        tx.begin();
        recorder.starting(changeSet);
    }

    /** A custom change's confirmation message is a note for the host, e.g. how many rows it could not move. */
    @Override
    public void ran(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database db) {
        if (change instanceof CustomChangeWrapper) {
            String message = change.getConfirmationMessage();
            if (message != null && !message.isBlank()) {
                recorder.note(message);
            }
        }
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database db, ChangeSet.ExecType execType) {
        try {
            switch (execType) {
                case EXECUTED, RERAN, MARK_RAN -> {
                    if (undo != null) {
                        undo.store(changeSet);
                    }
                    recorder.done(changeSet, execType == ChangeSet.ExecType.MARK_RAN
                            ? Step.Outcome.MARKED_RAN : Step.Outcome.EXECUTED);
                }
                default -> recorder.skipped();
            }
        } catch (Exception e) {
            throw new UnexpectedLiquibaseException("recording changeset " + changeSet + " failed: " + e.getMessage(), e);
        } finally {
            tx.end();
        }
    }

    @Override
    public void runFailed(ChangeSet changeSet, DatabaseChangeLog changeLog, Database db, Exception exception) {
        tx.end();
    }

    @Override
    public void willRollback(ChangeSet changeSet, DatabaseChangeLog changeLog, Database db) {
        tx.begin();
        recorder.starting(changeSet);
        if (archiver != null) {
            try {
                archives.addAll(archiver.archive(RollbackRenderer.render(changeSet, database).drops()));
            } catch (Exception e) {
                tx.end();
                throw new UnexpectedLiquibaseException("archiving the data that the rollback of " + changeSet
                        + " drops failed, so nothing of it ran: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database db) {
        try {
            if (undo != null) {
                undo.delete(changeSet.getId(), changeSet.getAuthor(), changeSet.getStoredFilePath());
            }
            recorder.done(changeSet, Step.Outcome.ROLLED_BACK);
        } catch (SQLException e) {
            tx.end();
            throw new UnexpectedLiquibaseException("recording the rollback of " + changeSet + " failed: "
                    + e.getMessage(), e);
        }
        if (--heldRollbacks <= 0) {
            tx.end();
        }
    }

    @Override
    public void rollbackFailed(ChangeSet changeSet, DatabaseChangeLog changeLog, Database db, Exception exception) {
        tx.end();
    }
}
