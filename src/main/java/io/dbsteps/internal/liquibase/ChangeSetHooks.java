package io.dbsteps.internal.liquibase;

import io.dbsteps.DbStepsException;
import io.dbsteps.internal.jdbc.SqliteForeignKeyCheck;

import io.dbsteps.Archive;
import io.dbsteps.Step;
import io.dbsteps.internal.undo.Archiver;
import io.dbsteps.internal.undo.Drop;
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
    private SqliteForeignKeyCheck foreignKeys;
    private String schema;
    private boolean notedPreExisting;
    private boolean checkRollbacks;
    private java.util.Set<Drop> archivedBefore = java.util.Set.of();

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

    /**
     * Checks, before each commit, that the step broke no foreign key (SQLite; see {@link SqliteForeignKeyCheck}).
     *
     * @param check          the rows broken before the command began, or {@code null} to check nothing
     * @param schema         the schema, for messages
     * @param checkRollbacks false when the rollback is one transaction that its caller checks before committing
     */
    public void checkForeignKeys(SqliteForeignKeyCheck check, String schema, boolean checkRollbacks) {
        this.foreignKeys = check;
        this.schema = schema;
        this.checkRollbacks = checkRollbacks;
    }

    /**
     * The drops whose data was archived before the rollback's first step ran; {@link #willRollback} archives only
     * what else a step drops (data an earlier step moved there).
     */
    public void archivedBefore(java.util.Set<Drop> drops) {
        this.archivedBefore = java.util.Set.copyOf(drops);
    }

    /** Sets the rows broken before the command began, for a command created before its lock was taken. */
    public void foreignKeyBaseline(SqliteForeignKeyCheck check) {
        this.foreignKeys = check;
    }

    /**
     * Rolls back the open transaction and refuses if the step broke a foreign key; notes, once, the rows that were
     * broken before the command began.
     *
     * @param state what the database is like once the step is rolled back, for the message
     */
    private void checkForeignKeys(ChangeSet changeSet, String state) throws SQLException {
        if (foreignKeys == null) {
            return;
        }
        java.sql.Connection c = ((liquibase.database.jvm.JdbcConnection) database.getConnection())
                .getUnderlyingConnection();
        List<String> broken = foreignKeys.introduced(c);
        if (!broken.isEmpty()) {
            c.rollback();
            throw foreignKeys.refusal("Schema " + schema + ": changeset " + changeSet.toString(false), broken, state);
        }
        if (!notedPreExisting && foreignKeys.preExistingCount() > 0) {
            notedPreExisting = true;
            recorder.note(foreignKeys.preExistingNote());
        }
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
                    if (changeSet.isRunInTransaction()) {
                        checkForeignKeys(changeSet, SqliteForeignKeyCheck.STEP_ROLLED_BACK);
                    }
                    recorder.done(changeSet, execType == ChangeSet.ExecType.MARK_RAN
                            ? Step.Outcome.MARKED_RAN : Step.Outcome.EXECUTED);
                }
                default -> recorder.skipped();
            }
        } catch (DbStepsException e) {
            throw e;
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
                archives.addAll(archiver.archive(RollbackRenderer.render(changeSet, database).drops().stream()
                        .filter(d -> !archivedBefore.contains(d)).toList(), changeSet.toString(false)));
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
            if (checkRollbacks && heldRollbacks <= 1 && changeSet.isRunInTransaction()) { // before a real commit
                checkForeignKeys(changeSet, "That changeset's rollback was undone and it stays applied; the "
                        + "changesets rolled back before it stay rolled back.");
            }
            recorder.done(changeSet, Step.Outcome.ROLLED_BACK);
        } catch (DbStepsException e) {
            tx.end();
            throw e;
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
