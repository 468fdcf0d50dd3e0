package io.dbsteps.proof;

import io.dbsteps.DbStepsBuilder;
import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.SchemaSnapshot;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Proves a changelog in a host's own test suite, with the harness that proves dbsteps' shipped schemas.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> changelogRollsBackExactly() {
 *     return ChangelogProof.forChangelog("db/changelog.yaml", "myapp")
 *             .on("jdbc:postgresql://localhost:5432/myapp_test", "test", secret)
 *             .on("jdbc:sqlite:" + tempDir.resolve("myapp.db"))
 *             .dynamicTests();
 * }
 * }</pre>
 *
 * <p>Everything is derived from the changelog and the targets: one proof per changeset and target
 * ({@link ProofKind#PER_CHANGESET}), one per target over its tags ({@link ProofKind#PER_TAG}; a changelog without
 * tags is proved from the empty state to head and back), and one per target after the first, for parity with the
 * first ({@link ProofKind#PARITY}). Snapshots are dbsteps' {@link SchemaSnapshot}: tables, columns, keys, unique and
 * CHECK constraints, indexes, triggers, views, sequences and enum types, with the catalog queries that cover what
 * Liquibase's own snapshot misses.
 *
 * <p>Each target is a database of its own for the proofs (a SQLite target must be a file, not {@code :memory:}). What
 * it holds before the first proof is its baseline; changesets of this changelog that an earlier run left applied are
 * rolled back first. Every proof starts from the baseline, and the last one leaves the target at it. When rolling back
 * cannot restore it, the kit drops what the proofs created since the baseline, and the changelog's tracking tables.
 *
 * <p>An instance is a mutable builder; build it and run it in one test.
 */
public final class ChangelogProof {
    private final String changelog;
    private final String tablePrefix;
    private final List<String[]> targets = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<String> contexts = new ArrayList<>();
    private final Set<ProofKind> kinds = EnumSet.allOf(ProofKind.class);
    private BiConsumer<String, SchemaSnapshot> atEachTag = (tag, snapshot) -> { };

    private ChangelogProof(String changelog, String tablePrefix) {
        this.changelog = changelog;
        this.tablePrefix = tablePrefix;
    }

    /**
     * Starts the proof of a changelog.
     *
     * @param classpathPath the changelog's classpath path, e.g. {@code db/changelog.yaml}
     * @param tablePrefix   the prefix of its tracking tables in the test databases, {@code <prefix>_log} and
     *                      {@code <prefix>_lock}
     * @return the proof, without targets yet
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if either is null or blank
     */
    public static ChangelogProof forChangelog(String classpathPath, String tablePrefix) {
        io.dbsteps.DbSteps.configure().changelog(classpathPath, tablePrefix);
        return new ChangelogProof(classpathPath, tablePrefix);
    }

    /**
     * Adds a target database without user or password, e.g. a SQLite file.
     *
     * @param jdbcUrl its JDBC URL
     * @return this proof
     */
    public ChangelogProof on(String jdbcUrl) {
        return on(jdbcUrl, null, null);
    }

    /**
     * Adds a target database. Each target is proved on its own, and every target after the first is compared with
     * the first.
     *
     * @param jdbcUrl  its JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/myapp_test}
     * @param user     the user, or {@code null}
     * @param password the password, or {@code null}; it never appears in messages
     * @return this proof
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if the URL is null or blank
     */
    public ChangelogProof on(String jdbcUrl, String user, String password) {
        io.dbsteps.DbSteps.configure().url(jdbcUrl, user, password);
        targets.add(new String[] {jdbcUrl, user, password});
        return this;
    }

    /**
     * Sets a changelog parameter on every target, as {@link DbStepsBuilder#parameter(String, String)} does.
     *
     * @param name  the parameter name
     * @param value its value
     * @return this proof
     */
    public ChangelogProof parameter(String name, String value) {
        io.dbsteps.DbSteps.configure().parameter(name, value);
        parameters.put(name, value);
        return this;
    }

    /**
     * Runs the changelog with these Liquibase contexts on every target, as {@link DbStepsBuilder#contexts(String...)}
     * does.
     *
     * @param names context names
     * @return this proof
     */
    public ChangelogProof contexts(String... names) {
        io.dbsteps.DbSteps.configure().contexts(names);
        contexts.addAll(List.of(names));
        return this;
    }

    /**
     * Runs only these kinds of proof; by default all of them run.
     *
     * @param only the kinds to run
     * @return this proof
     * @throws DbStepsException with {@link ErrorCode#INVALID_CONFIGURATION} if none is given
     */
    public ChangelogProof only(ProofKind... only) {
        if (only == null || only.length == 0) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "only(...) needs at least one ProofKind, e.g. "
                    + "only(ProofKind.PER_CHANGESET); without it, every kind of proof runs.");
        }
        kinds.clear();
        kinds.addAll(List.of(only));
        return this;
    }

    /**
     * Adds a check of the schema at each tag, as the per-tag proof reaches it on its way up, e.g. a comparison with an
     * expected snapshot kept with the changelog. An {@link AssertionError} it throws fails the per-tag proof.
     *
     * @param check receives the tag and the schema at it
     * @return this proof
     */
    public ChangelogProof atEachTag(BiConsumer<String, SchemaSnapshot> check) {
        if (check == null) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "atEachTag(null): pass a check, or do not call "
                    + "atEachTag(...).");
        }
        this.atEachTag = check;
        return this;
    }

    /**
     * The proofs as JUnit 5 dynamic tests, one per proof, for a {@code @TestFactory} method. The targets are prepared
     * now (to learn the changesets of each); the proofs run as JUnit runs the tests, in order.
     *
     * @return the tests
     */
    public Stream<DynamicTest> dynamicTests() {
        return JUnitProofs.of(plan());
    }

    /**
     * Runs every proof.
     *
     * @throws AssertionError listing every failed proof, each with its changeset or tag and the difference; the first
     *                        failure is its cause, every failure is attached as suppressed
     */
    public void verify() {
        List<Proof> proofs = plan();
        List<String> failed = new ArrayList<>();
        List<AssertionError> failures = new ArrayList<>();
        for (Proof proof : proofs) {
            try {
                proof.run();
            } catch (AssertionError e) {
                failed.add(proof.name() + ":\n    " + String.valueOf(e.getMessage()).replace("\n", "\n    "));
                failures.add(e);
            }
        }
        if (!failed.isEmpty()) {
            AssertionError all = new AssertionError(failed.size() + " of " + proofs.size() + " proofs of changelog "
                    + changelog + " failed:\n- " + String.join("\n- ", failed), failures.get(0));
            failures.forEach(all::addSuppressed);
            throw all;
        }
    }

    /** The proofs, in the order they run, with each target prepared. */
    List<Proof> plan() {
        if (targets.isEmpty()) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The proof of " + changelog + " has no target "
                    + "database. Add one with on(jdbcUrl), e.g. on(\"jdbc:sqlite:\" + tempDir.resolve(\"proof.db\")).");
        }
        List<Proof> proofs = new ArrayList<>();
        List<ProofTarget> ready = new ArrayList<>();
        int number = 0;
        for (String[] t : targets) {
            ProofTarget target = new ProofTarget(++number, t[0], t[1], t[2], tablePrefix);
            try {
                target.prepare(this::configure);
            } catch (RuntimeException | AssertionError e) {
                proofs.add(new Proof("preparing " + target, () -> {
                    throw e instanceof AssertionError a ? a : new AssertionError(e.getMessage(), e);
                }));
                continue;
            }
            ready.add(target);
        }
        for (ProofTarget target : ready) {
            RoundTrips trips = new RoundTrips(target, atEachTag);
            if (kinds.contains(ProofKind.PER_CHANGESET)) {
                for (int i = 0; i < target.changesets().size(); i++) {
                    int index = i;
                    var cs = target.changesets().get(i);
                    proofs.add(new Proof("per changeset " + cs.id() + " (" + cs.file() + ") on " + target,
                            () -> trips.perChangeset(index)));
                }
            }
            if (kinds.contains(ProofKind.PER_TAG)) {
                proofs.add(new Proof("per tag on " + target, trips::perTag));
            }
        }
        if (kinds.contains(ProofKind.PARITY)) {
            for (ProofTarget other : ready.subList(Math.min(1, ready.size()), ready.size())) {
                TargetParity parity = new TargetParity(ready.get(0), other);
                proofs.add(new Proof("parity of " + ready.get(0) + " and " + other, parity::prove));
            }
        }
        for (ProofTarget target : ready) {
            proofs.add(new Proof("leaving " + target + " as the proofs found it", target::reset));
        }
        return proofs;
    }

    private DbStepsBuilder configure(DbStepsBuilder builder) {
        builder.changelog(changelog, tablePrefix);
        parameters.forEach(builder::parameter);
        if (!contexts.isEmpty()) {
            builder.contexts(contexts.toArray(String[]::new));
        }
        return builder;
    }
}
