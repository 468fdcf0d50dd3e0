package io.dbsteps.internal.rollback;

import io.dbsteps.Archive;
import io.dbsteps.DataPolicy;
import io.dbsteps.PlannedStep;
import io.dbsteps.RollbackPlan;
import io.dbsteps.Step;
import io.dbsteps.internal.failure.Failures;
import io.dbsteps.internal.jdbc.SqliteForeignKeyCheck;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.StepTransactions;
import io.dbsteps.internal.undo.Archiver;

import io.dbsteps.internal.undo.Drop;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a planned rollback, under the lock the plan was made with.
 *
 * <p>Normally the whole rollback is one transaction: the data the plan says it drops is archived first, from the
 * state the plan counted, before any undo step runs; then the changesets unknown to the changelog are undone from
 * the undo store, then Liquibase undoes the rest; on SQLite the foreign keys are checked; and only then does it
 * commit. A failure anywhere rolls all of it back, so nothing changes. (PostgreSQL's DDL and SQLite's are both
 * transactional.)
 *
 * <p>A changeset marked {@code runInTransaction: false} cannot run in a transaction, so a rollback that includes one
 * commits the archive first and then each changeset on its own; the plan says so before anything runs, and a
 * failure says which changesets were undone and committed.
 */
public final class RollbackRun {
    private RollbackRun() {
    }

    /** The part of a rollback that Liquibase runs, as a command for {@code atomic.size()} changesets. */
    public interface LiquibasePart {
        liquibase.command.CommandScope command(LiquibaseSession s, DataPolicy policy, Atomic atomic)
                throws Exception;
    }

    /**
     * @param plan  the plan, made under the lock from {@code items}
     * @param items the changesets to undo, newest first: those from the undo store, then those the changelog knows
     * @return the archives made
     */
    public static List<Archive> run(LiquibaseSession s, String action, DataPolicy policy, RollbackPlan plan,
            List<RollbackPlanner.Item> items, LiquibasePart liquibase) throws Exception {
        List<RollbackPlanner.Item> stored = items.stream().takeWhile(i -> i.changeSet() == null).toList();
        List<RollbackPlanner.Item> known = items.subList(stored.size(), items.size());
        Set<Drop> drops = Archiver.drops(plan);
        return plan.oneTransaction()
                ? oneTransaction(s, action, policy, plan, drops, stored, known, liquibase)
                : stepByStep(s, action, policy, plan, drops, stored, known, liquibase);
    }

    private static List<Archive> oneTransaction(LiquibaseSession s, String action, DataPolicy policy,
            RollbackPlan plan, Set<Drop> drops, List<RollbackPlanner.Item> stored, List<RollbackPlanner.Item> known,
            LiquibasePart liquibase) throws Exception {
        Connection c = s.connection();
        boolean autoCommit = c.getAutoCommit();
        StepTransactions tx = s.transactions();
        List<Archive> archives = new ArrayList<>();
        c.setAutoCommit(false);
        tx.holdCommand();
        try {
            Archiver archiver = policy == DataPolicy.ARCHIVE ? s.archiver() : null;
            if (archiver != null) {
                archives.addAll(archiver.archive(List.copyOf(drops), Archiver.firstStepDropping(plan)));
            }
            if (!stored.isEmpty()) {
                archives.addAll(StoredRollback.run(s, stored, false, archiver, drops));
            }
            if (!known.isEmpty()) {
                archives.addAll(LiquibaseSession.execute(liquibase.command(s, policy,
                        new Atomic(known.size(), true, archiver == null ? Set.of() : drops))));
            }
            SqliteForeignKeyCheck foreignKeys = s.foreignKeyCheck();
            if (foreignKeys != null) {
                List<String> broken = foreignKeys.introduced(c);
                if (!broken.isEmpty()) {
                    throw foreignKeys.refusal("Schema " + s.schema() + ": " + action, broken, nothingChanged(s));
                }
            }
            tx.releaseCommand();
            c.commit();
            return archives;
        } catch (Exception e) {
            tx.releaseCommand();
            try {
                c.rollback();
            } catch (Exception ignored) {
                // the connection is gone; the database rolls the open transaction back itself
            }
            throw Failures.translate(e, s.schema(), action, s.recorder().failed(), s.settings().source().mask(),
                    nothingChanged(s));
        } finally {
            tx.releaseCommand();
            if (!c.isClosed()) {
                c.setAutoCommit(autoCommit);
            }
            s.refreshHistory();
        }
    }

    private static List<Archive> stepByStep(LiquibaseSession s, String action, DataPolicy policy, RollbackPlan plan,
            Set<Drop> drops, List<RollbackPlanner.Item> stored, List<RollbackPlanner.Item> known,
            LiquibasePart liquibase) throws Exception {
        Connection c = s.connection();
        List<Archive> archives = new ArrayList<>();
        try {
            Archiver archiver = policy == DataPolicy.ARCHIVE ? s.archiver() : null;
            if (archiver != null) { // committed before the first step, which cannot wait for a common commit
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    archives.addAll(archiver.archive(List.copyOf(drops), Archiver.firstStepDropping(plan)));
                    c.commit();
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            }
            if (!stored.isEmpty()) {
                archives.addAll(StoredRollback.run(s, stored, true, archiver, drops));
            }
            if (!known.isEmpty()) {
                archives.addAll(LiquibaseSession.execute(liquibase.command(s, policy,
                        new Atomic(known.size(), false, archiver == null ? Set.of() : drops))));
            }
            s.verifyForeignKeys(action);
            return archives;
        } catch (Exception e) {
            throw Failures.translate(e, s.schema(), action, s.recorder().failed(), s.settings().source().mask(),
                    committedSoFar(s, plan, archives));
        }
    }

    private static String nothingChanged(LiquibaseSession s) {
        return RollbackStates.nothingChanged(s.recorder().steps().size());
    }

    /** What a rollback that commits changeset by changeset left behind when it failed. */
    private static String committedSoFar(LiquibaseSession s, RollbackPlan plan, List<Archive> archives) {
        String outside = plan.steps().stream().filter(PlannedStep::outsideTransaction)
                .map(p -> p.file() + "::" + p.id() + "::" + p.author()).collect(Collectors.joining(", "));
        List<Step> done = s.recorder().steps();
        String because = " because " + outside + " cannot run in a transaction (runInTransaction: false), so the "
                + "rollback committed each changeset on its own";
        String archived = archives.isEmpty() ? "" : " The data archived before the first step ("
                + archives.stream().map(Archive::archiveTable).collect(Collectors.joining(", ")) + ") is kept.";
        if (done.isEmpty()) {
            return "Nothing was undone" + because + ", and none had committed." + archived;
        }
        return "These " + done.size() + " changeset(s) were undone and committed: " + done.stream()
                .map(st -> st.file() + "::" + st.id() + "::" + st.author()).collect(Collectors.joining(", "))
                + because + "; the failed one and those after it stay applied." + archived;
    }

    /**
     * The part of a rollback Liquibase runs: {@code size} changesets, as one transaction unless one of them must run
     * outside a transaction (e.g. CREATE INDEX CONCURRENTLY), in which case each changeset is its own. {@code archived}
     * are the drops archived before the rollback began, which its steps do not archive again.
     */
    public record Atomic(int size, boolean whole, Set<Drop> archived) {
        /** @return how many changesets one transaction holds: all of them, or each its own */
        public int holdAcross() {
            return whole ? size : 1;
        }
    }
}
