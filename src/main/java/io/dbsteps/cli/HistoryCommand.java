package io.dbsteps.cli;

import io.dbsteps.AppliedChange;
import io.dbsteps.HistoryResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the applied changesets. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Lists the applied changesets with their tags, oldest first. Changes nothing.",
        footer = {"", "Examples:", "  dbsteps history --schema codorch",
            "  dbsteps history --schema codorch --json | jq -r '.applied[] | select(.tag) | .tag'"})
final class HistoryCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON for scripts: schema, currentTag and applied, with checksums.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        HistoryResult r = db.load(null).history();
        if (json) {
            out.println(Json.write(json(r)));
            out.flush();
            return;
        }
        out.printf("%s: %s applied, current tag %s%n", r.schema(), Output.plural(r.applied().size(), "changeset"),
                Output.tag(r.currentTag()));
        UnverifiedLine.print(out, Output.style(spec), r.schema(), r.unverified());
        if (!r.emptyStateTags().isEmpty()) {
            out.printf("%s: before the first changeset: tag %s%n", r.schema(), String.join(", ", r.emptyStateTags()));
        }
        if (!r.applied().isEmpty()) {
            Output.table(out, List.of("ID", "FILE", "APPLIED AT", "HOW", "TAG"), r.applied(), AppliedChange::id,
                    AppliedChange::file, a -> a.executedAt() == null ? "" : a.executedAt().toString(),
                    AppliedChange::outcome, a -> String.join(", ", a.tags()));
        }
    }

    static Map<String, Object> json(HistoryResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", r.schema());
        doc.put("currentTag", r.currentTag());
        doc.put("unverifiedRelease", UnverifiedLine.json(r.unverified()));
        doc.put("emptyStateTags", r.emptyStateTags());
        doc.put("applied", r.applied().stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("author", a.author());
            m.put("file", a.file());
            m.put("executedAt", a.executedAt());
            m.put("outcome", a.outcome());
            m.put("tag", a.tag());
            m.put("tags", a.tags());
            m.put("checksum", a.checksum());
            m.put("description", a.description());
            return m;
        }).toList());
        return doc;
    }
}
