/**
 * Reading a live schema into its canonical snapshot, and the expected snapshots shipped per release tag.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.schema;
