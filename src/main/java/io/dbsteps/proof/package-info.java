/**
 * The proof kit: host applications prove their own changelogs in their own test suites with the harness that proves
 * dbsteps' shipped schemas. Start with {@link io.dbsteps.proof.ChangelogProof#forChangelog(String, String)}.
 *
 * <p>JUnit 5 is an optional dependency of dbsteps: {@link io.dbsteps.proof.ChangelogProof#dynamicTests()} needs the
 * host's own {@code junit-jupiter-api} on the test class path, {@link io.dbsteps.proof.ChangelogProof#verify()}
 * needs nothing but dbsteps.
 */
package io.dbsteps.proof;
