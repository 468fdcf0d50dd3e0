package io.dbsteps.internal.liquibase;

import io.dbsteps.internal.lock.TableLockPolicy;
import io.dbsteps.internal.lock.TableLockWaits;

import java.util.ArrayList;
import java.util.List;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;
import liquibase.sql.Sql;
import liquibase.sql.visitor.SqlVisitor;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;

/**
 * Makes every changeset one transaction. Liquibase commits a changeset's changes, then records it in the history
 * table and commits again; a process killed between the two leaves a change applied but not recorded, and the
 * next run applies it twice. While a changeset runs, dbsteps holds back Liquibase's inner commit, so the changes,
 * the history row, the undo row and any archive taken for it commit together, or not at all.
 * ({@code runInTransaction: false} changesets run in autocommit mode and are made idempotent instead.)
 */
public final class StepTransactions {
    private final TableLockPolicy tableLocks;
    private final java.time.Duration lockWait;
    private boolean holding;
    private boolean wholeCommand;

    /**
     * @param tableLocks how a changeset's statements wait for other sessions' table locks (PostgreSQL)
     * @param lockWait   the session's lock wait, which statements outside a changeset keep
     */
    public StepTransactions(TableLockPolicy tableLocks, java.time.Duration lockWait) {
        this.tableLocks = tableLocks;
        this.lockWait = lockWait;
    }

    /** A changeset starts: commits are held until {@link #end()}. */
    public void begin() {
        holding = true;
    }

    /** The changeset and its records are complete: the next commit is real. */
    public void end() {
        holding = false;
    }

    /**
     * Holds back every commit, whatever {@link #begin()} and {@link #end()} say, until {@link #releaseCommand()}: a
     * whole command (a rollback) is one transaction, which its caller commits or rolls back itself. Liquibase's own
     * rollbacks are held back too: its validation of the changelog rolls back the open transaction (which would undo
     * the archive and the stored-undo part done before it), and its rollback after a failed step is redone by the
     * caller, which rolls back the whole transaction.
     */
    public void holdCommand() {
        wholeCommand = true;
    }

    /** Ends {@link #holdCommand()}: commits are real again, as {@link #begin()} and {@link #end()} say. */
    public void releaseCommand() {
        wholeCommand = false;
    }

    /**
     * A Liquibase database for the connection whose commits this object can hold back: PostgreSQL and SQLite get
     * dbsteps' subclasses; anything else gets Liquibase's own implementation, with Liquibase's commits.
     */
    public Database databaseFor(JdbcConnection connection) throws DatabaseException {
        String product = connection.getDatabaseProductName();
        Database database;
        if ("PostgreSQL".equals(product)) {
            database = new Postgres(this);
        } else if ("SQLite".equals(product)) {
            database = new Sqlite(this);
        } else {
            return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(connection);
        }
        database.setConnection(connection);
        return database;
    }

    private void commit(Database database) throws DatabaseException {
        if (!holding && !wholeCommand) {
            database.getConnection().commit();
        }
    }

    private static final class Postgres extends PostgresDatabase {
        private final StepTransactions tx;

        Postgres(StepTransactions tx) {
            this.tx = tx;
        }

        @Override
        public void commit() throws DatabaseException {
            tx.commit(this);
        }

        @Override
        public void rollback() throws DatabaseException {
            if (!tx.wholeCommand) {
                super.rollback();
            }
        }

        /** A changeset's changes wait for table locks as {@link TableLockWaits} says. */
        @Override
        public void executeStatements(Change change, DatabaseChangeLog changeLog, List<SqlVisitor> visitors)
                throws LiquibaseException {
            if (previewing()) {
                super.executeStatements(change, changeLog, visitors);
                return;
            }
            waitingForTableLocks(() -> sqlOf(change.generateStatements(this)),
                    () -> super.executeStatements(change, changeLog, visitors));
        }

        /** A changeset's rollback waits for table locks as {@link TableLockWaits} says. */
        @Override
        public void executeRollbackStatements(SqlStatement[] statements, List<SqlVisitor> visitors)
                throws LiquibaseException {
            if (previewing()) {
                super.executeRollbackStatements(statements, visitors);
                return;
            }
            waitingForTableLocks(() -> sqlOf(statements), () -> super.executeRollbackStatements(statements, visitors));
        }

        /** Runs Liquibase's statements under {@link TableLockWaits}; its timeout reaches Liquibase as a cause. */
        private void waitingForTableLocks(java.util.function.Supplier<List<String>> sql, TableLockWaits.Work work)
                throws LiquibaseException {
            try {
                TableLockWaits.run(jdbc(), tx.tableLocks, tx.lockWait, sql, work);
            } catch (LiquibaseException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DatabaseException(e.getMessage(), e);
            }
        }

        private boolean previewing() {
            return Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", this)
                    instanceof LoggingExecutor;
        }

        private java.sql.Connection jdbc() {
            return ((JdbcConnection) getConnection()).getUnderlyingConnection();
        }

        private List<String> sqlOf(SqlStatement[] statements) {
            List<String> out = new ArrayList<>();
            for (SqlStatement st : statements) {
                for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(st, this)) {
                    out.add(sql.toSql());
                }
            }
            return out;
        }
    }

    private static final class Sqlite extends SQLiteDatabase {
        private final StepTransactions tx;

        Sqlite(StepTransactions tx) {
            this.tx = tx;
        }

        @Override
        public void commit() throws DatabaseException {
            tx.commit(this);
        }

        @Override
        public void rollback() throws DatabaseException {
            if (!tx.wholeCommand) {
                super.rollback();
            }
        }
    }
}
