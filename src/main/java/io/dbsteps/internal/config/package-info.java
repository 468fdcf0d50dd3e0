/**
 * The frozen configuration of a {@code DbSteps} instance: connection source, changelog reference, contexts,
 * parameters, and the shipped schemas.
 *
 * <p>Not API: internal to dbsteps, and may change in any release. Hosts use {@code io.dbsteps}.
 */
package io.dbsteps.internal.config;
