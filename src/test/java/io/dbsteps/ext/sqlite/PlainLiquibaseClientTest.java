package io.dbsteps.ext.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsteps.testing.TestDb;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.change.ChangeParameterMetaData;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * The documented choice: the SQLite generators and changes are registered through {@code META-INF/services}, so
 * any Liquibase client with the dbsteps jar on its classpath (the Maven plugin, Spring Boot, a CommandScope) runs
 * the standard change types on SQLite exactly as dbsteps does; checksums are Liquibase's own.
 */
class PlainLiquibaseClientTest {
    private static final String CHANGELOG = "sqlite-matrix/changelog.yaml";

    @Test
    void plainLiquibaseUpdateAndRollbackOnSqliteKeepDeclaredTypesAndWriteLiquibasesChecksums() throws Exception {
        try (TestDb db = TestDb.create(TestDb.Kind.SQLITE); Connection c = db.connect()) {
            liquibase(db, "update", 0);
            assertThat(SqliteChangeTypesTest.declaredTypes(c, "items")).containsEntry("price", "NUMERIC(8,2)")
                    .containsEntry("quantity", "BIGINT").containsEntry("label", "VARCHAR(40)")
                    .containsEntry("weight", "NUMERIC(6,3)").doesNotContainKey("note");
            assertThat(SqliteChangeTypesTest.createText(c, "items"))
                    .contains("CHECK (price >= 0)", "CHECK (quantity >= 0)", "UNIQUE (account_id, label)");
            assertThat(SqliteChangeTypesTest.rows(c, "SELECT COUNT(*) FROM items")).containsExactly("3");

            Map<String, String> written = new LinkedHashMap<>();
            for (String row : SqliteChangeTypesTest.rows(c, "SELECT ID || '=' || MD5SUM FROM DATABASECHANGELOG "
                    + "ORDER BY ORDEREXECUTED")) {
                written.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
            }
            assertThat(written).isEqualTo(checksumsWithLiquibasesOwnChanges(db));

            liquibase(db, "rollbackCount", 17);
            assertThat(SqliteChangeTypesTest.declaredTypes(c, "items")).containsEntry("price", "NUMERIC(8,2)")
                    .containsEntry("qty", "BIGINT").containsEntry("label", "VARCHAR(20)")
                    .containsEntry("note", "VARCHAR(100)").doesNotContainKeys("weight", "sku");
            assertThat(SqliteChangeTypesTest.rows(c, "SELECT COUNT(*) FROM items")).containsExactly("3");
        }
    }

    /**
     * The checksums of the changelog's changesets, computed with each of dbsteps' replacement changes swapped for
     * Liquibase's own class with the same property values: what Liquibase writes without the extension.
     */
    private static Map<String, String> checksumsWithLiquibasesOwnChanges(TestDb db) throws Exception {
        ClassLoaderResourceAccessor accessor = new ClassLoaderResourceAccessor();
        DatabaseChangeLog changeLog = ChangeLogParserFactory.getInstance().getParser(CHANGELOG, accessor)
                .parse(CHANGELOG, new ChangeLogParameters(), accessor);
        Map<String, String> out = new LinkedHashMap<>();
        List<String> replaced = new ArrayList<>();
        for (ChangeSet cs : changeLog.getChangeSets()) {
            if ("postgresql".equals(String.join(",", cs.getDbmsSet() == null ? List.of() : cs.getDbmsSet()))) {
                continue;
            }
            ChangeSet plain = new ChangeSet(cs.getId(), cs.getAuthor(), false, false, cs.getFilePath(), null,
                    null, changeLog);
            for (Change change : cs.getChanges()) {
                if (change.getClass().getPackageName().equals(SqliteDropColumnChange.class.getPackageName())) {
                    Change own = (Change) change.getClass().getSuperclass().getDeclaredConstructor().newInstance();
                    for (ChangeParameterMetaData p : ChangeFactory.getInstance().getChangeMetaData(change).getParameters().values()) {
                        p.setValue(own, p.getCurrentValue(change));
                    }
                    assertThat(own.generateCheckSum()).isEqualTo(change.generateCheckSum());
                    replaced.add(cs.getId());
                    plain.addChange(own);
                } else {
                    plain.addChange(change);
                }
            }
            plain.setComments(cs.getComments());
            out.put(cs.getId(), plain.generateCheckSum(liquibase.ChecksumVersion.latest()).toString());
        }
        assertThat(replaced).as("changesets that use dbsteps' replacement changes")
                .contains("07-dropColumn", "08-addColumn", "09-addColumn-unique", "21-addPrimaryKey", "22-dropPrimaryKey");
        return out;
    }

    private static void liquibase(TestDb db, String command, int count) throws Exception {
        Map<String, Object> scope = new HashMap<>();
        scope.put(AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
        scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor());
        try (Connection connection = db.connect()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Scope.child(scope, () -> {
                CommandScope cs = new CommandScope(command)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG);
                if (count > 0) {
                    cs.addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count);
                }
                cs.execute();
            });
        }
    }
}
