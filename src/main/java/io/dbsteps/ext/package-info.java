/**
 * Liquibase extensions that changelogs name by class, such as {@code customChange} and {@code customPrecondition}.
 * They are public only because Liquibase instantiates them by reflection; they are not part of the dbsteps API,
 * and any changelog may use them, with the dbsteps jar on the classpath of whichever client runs it.
 */
package io.dbsteps.ext;
