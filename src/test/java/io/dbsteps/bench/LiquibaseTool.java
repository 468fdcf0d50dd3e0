package io.dbsteps.bench;

import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;

/**
 * Plain Liquibase 4.33 as its documentation shows it: the stock {@code update} and {@code rollback} commands with
 * a URL and a changelog, every setting at its default (analytics included), its own tracking tables.
 */
final class LiquibaseTool implements Tool {
    private final Target target;

    LiquibaseTool(Target target) {
        this.target = target;
    }

    private CommandScope command(String... name) throws Exception {
        CommandScope c = new CommandScope(name);
        c.addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, target.url());
        if (target.user() != null) {
            c.addArgumentValue(DbUrlConnectionArgumentsCommandStep.USERNAME_ARG, target.user());
        }
        if (target.password() != null) {
            c.addArgumentValue(DbUrlConnectionArgumentsCommandStep.PASSWORD_ARG, target.password());
        }
        c.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, target.changelog());
        return c;
    }

    @Override
    public void update() throws Exception {
        command(UpdateCommandStep.COMMAND_NAME).execute();
    }

    @Override
    public void rollback(String tag) throws Exception {
        command(RollbackCommandStep.COMMAND_NAME).addArgumentValue(RollbackCommandStep.TAG_ARG, tag).execute();
    }
}
