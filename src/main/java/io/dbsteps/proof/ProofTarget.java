package io.dbsteps.proof;

import io.dbsteps.DataPolicy;
import io.dbsteps.DbSteps;
import io.dbsteps.DbStepsBuilder;
import io.dbsteps.Drift;
import io.dbsteps.PendingChange;
import io.dbsteps.SchemaSnapshot;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * One database the proofs run on: its dbsteps instance, the schema it had before the first proof (its baseline), and
 * the changesets of the changelog, read from it when it was clean. Each proof starts from the baseline.
 */
final class ProofTarget {
    private final int number;
    private final String url;
    private final String user;
    private final String password;
    private final String trackingTables;
    private final TargetCleanup cleanup;
    private DbSteps steps;
    private SchemaSnapshot baseline;
    private List<PendingChange> changesets;

    ProofTarget(int number, String url, String user, String password, String tablePrefix) {
        this.number = number;
        this.url = url;
        this.user = user;
        this.password = password;
        this.trackingTables = tablePrefix + "_(log|lock|undo|release)"; // the schema's own tables
        this.cleanup = new TargetCleanup(tablePrefix);
    }

    /**
     * Loads dbsteps for this target, rolls back what an earlier run left applied, and records the baseline and the
     * changesets. Called once, before the first proof on this target.
     */
    void prepare(UnaryOperator<DbStepsBuilder> configuration) {
        steps = configuration.apply(DbSteps.configure().url(url, user, password)).load();
        int applied = steps.history().applied().size();
        if (applied > 0) {
            try {
                steps.rollbackCount(applied, DataPolicy.DISCARD);
            } catch (RuntimeException e) {
                throw new AssertionError(this + " already has " + applied + " changesets of this changelog applied, "
                        + "and rolling them back failed: " + e.getMessage() + " Give the proofs a database that has "
                        + "none of them applied.", e);
            }
        }
        baseline = snapshot();
        changesets = steps.status().pending();
    }

    /** The dbsteps instance, loaded by {@link #prepare}. */
    DbSteps steps() {
        return steps;
    }

    /** The changelog's changesets for this database, in order, as an update from a clean state would apply them. */
    List<PendingChange> changesets() {
        return changesets;
    }

    /** The schema the target had before the proofs, without the changelog's tracking tables. */
    SchemaSnapshot baseline() {
        return baseline;
    }

    /** The live schema, without dbsteps' own tables and the changelog's tracking tables. */
    SchemaSnapshot snapshot() {
        try (Connection c = connect()) {
            return SchemaSnapshot.of(c).withoutTables(trackingTables);
        } catch (SQLException e) {
            throw new IllegalStateException(this + ": cannot read the schema: " + e.getMessage(), e);
        }
    }

    /**
     * Brings the target back to its baseline: rolls back every applied changeset; if that fails or leaves something
     * behind, drops what the proofs created since the baseline and the changelog's tracking tables.
     *
     * @throws AssertionError if the baseline cannot be restored, with the differences that remain
     */
    void reset() {
        String rollbackFailure = null;
        try {
            int applied = steps.history().applied().size();
            if (applied > 0) {
                steps.rollbackCount(applied, DataPolicy.DISCARD);
            }
        } catch (RuntimeException e) {
            rollbackFailure = e.getMessage();
        }
        List<Drift> left = baseline.differencesTo(snapshot());
        if (left.isEmpty() && rollbackFailure == null) {
            return;
        }
        try (Connection c = connect()) {
            cleanup.dropCreatedSince(c, left);
        } catch (SQLException e) {
            throw new AssertionError(this + " cannot be brought back to its state before the proofs: " + e.getMessage(),
                    e);
        }
        List<Drift> remaining = baseline.differencesTo(snapshot());
        if (!remaining.isEmpty()) {
            throw new AssertionError(this + " cannot be brought back to its state before the proofs"
                    + (rollbackFailure == null ? "" : " (rolling back failed: " + rollbackFailure + ")")
                    + "; it still differs in:\n  " + Differences.lines(remaining));
        }
    }

    /** {@code postgresql} or {@code sqlite}, from the baseline. */
    String dbms() {
        return baseline.dbms();
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url, props);
    }

    /** The target's number and its URL, without a password a URL may carry. */
    @Override
    public String toString() {
        String shown = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        if (password != null && !password.isEmpty()) {
            shown = shown.replace(password, "***");
        }
        return "target " + number + " (" + shown + ")";
    }
}
