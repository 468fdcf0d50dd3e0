package io.dbsteps.corpus;

import io.dbsteps.testing.TestDb;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;

/**
 * Plain Liquibase, the reference of the differential tests: its stock {@code update} and {@code rollbackCount} commands
 * with a URL and a classpath changelog, its own tracking tables {@code databasechangelog} and
 * {@code databasechangeloglock}, every setting at its default except analytics, which the tests never send.
 */
final class PlainLiquibase {
    static final String LOG_TABLE = "databasechangelog";

    private final TestDb db;
    private final String changelog;

    PlainLiquibase(TestDb db, String changelog) {
        this.db = db;
        this.changelog = changelog;
    }

    void update() throws Exception {
        run(command(UpdateCommandStep.COMMAND_NAME));
    }

    void rollbackCount(int count) throws Exception {
        run(command(RollbackCountCommandStep.COMMAND_NAME).addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count));
    }

    private CommandScope command(String... name) throws Exception {
        CommandScope c = new CommandScope(name);
        c.addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, db.url());
        if (db.user() != null) {
            c.addArgumentValue(DbUrlConnectionArgumentsCommandStep.USERNAME_ARG, db.user());
        }
        if (db.password() != null) {
            c.addArgumentValue(DbUrlConnectionArgumentsCommandStep.PASSWORD_ARG, db.password());
        }
        c.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog);
        return c;
    }

    private static void run(CommandScope command) throws Exception {
        Scope.child(Map.of("liquibase.analytics.enabled", false), () -> {
            command.execute();
        });
    }
}
