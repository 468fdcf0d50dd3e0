/**
 * What a schema owns, and what it may touch: objects other schemas in the same namespace created are refused, an
 * existing object is adopted (marked ran) only when its shape is the one the changeset would create, and a rollback
 * does not drop what a marked-ran step found rather than created.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.ownership;
