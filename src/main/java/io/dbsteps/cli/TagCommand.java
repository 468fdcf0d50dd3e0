package io.dbsteps.cli;

import io.dbsteps.TagResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Tags the current state. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Tags the current state, so that a later rollback can return to it. A state that has a tag "
                + "(a release) takes further names, and an empty database can be tagged too.",
        footer = {"", "Example:", "  dbsteps tag --schema codorch before-hotfix"})
final class TagCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Parameters(paramLabel = "TAG", description = "The new tag: letters, digits, '.', '_' and '-'.")
    String tag;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        TagResult r = db.load(null).tag(tag);
        if (r.changeSet() == null) {
            spec.commandLine().getOut().printf("%s: tagged the empty state, before the first changeset, as %s%n",
                    r.schema(), r.tag());
        } else {
            spec.commandLine().getOut().printf("%s: tagged changeset %s as %s%n", r.schema(), r.changeSet(), r.tag());
        }
    }
}
