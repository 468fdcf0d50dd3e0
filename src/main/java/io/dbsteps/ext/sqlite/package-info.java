/**
 * Liquibase extensions that make Liquibase's standard change types exact on SQLite 3.35+: SQL generators that use
 * SQLite's native {@code ALTER TABLE} where SQLite allows it and otherwise its documented table rebuild, editing
 * the table's stored CREATE TABLE text so that declared types, CHECK, UNIQUE, foreign keys, defaults, indexes,
 * triggers and views stay exactly as they were. They are registered through {@code META-INF/services}, so every
 * Liquibase client with the dbsteps jar on its classpath (the Maven plugin, Spring Boot) uses them. The classes
 * are public only because Liquibase instantiates them by reflection; they are not part of the dbsteps API.
 */
package io.dbsteps.ext.sqlite;
