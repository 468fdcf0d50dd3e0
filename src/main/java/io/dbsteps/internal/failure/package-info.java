/**
 * Turns every failure into one {@code DbStepsException} with an error code and advice, and keeps passwords out of
 * every message.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.failure;
