package io.dbsteps.cli;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.PendingChange;
import io.dbsteps.StatusResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the pending changesets. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists the changesets an update would apply. Changes nothing.",
        footer = {"", "Examples:", "  dbsteps status --schema codorch",
            "  dbsteps status --schema codorch --json | jq -r '.pending[].id'",
            "  dbsteps status --schema codorch --targets tenants.txt --json"})
final class StatusCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON for scripts: schema, currentTag, upToDate and pending.")
    boolean json;

    @Mixin
    FleetOptions fleet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (fleet.given(spec.commandLine())) {
            FleetCommand.run(spec, db, fleet, json, FleetCommand.Operation.STATUS, null);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        StatusResult r = db.load(null).status();
        if (json) {
            out.println(Json.write(json(r)));
            out.flush();
            failIfEdited(r);
            return;
        }
        Style style = Output.style(spec);
        UnverifiedLine.print(out, style, r.schema(), r.unverified());
        if (r.upToDate() && r.edited().isEmpty()) {
            out.printf("%s: %s at tag %s.%n", r.schema(), style.success("up to date"), Output.tag(r.currentTag()));
            return;
        }
        if (!r.pending().isEmpty()) {
            out.printf("%s: at tag %s, %s:%n", r.schema(), Output.tag(r.currentTag()),
                    style.attention(Output.plural(r.pending().size(), "changeset") + " pending"));
            Output.table(out, List.of("ID", "FILE", "TAG", "CHANGE"), r.pending(), PendingChange::id,
                    PendingChange::file, PendingChange::tag, PendingChange::description);
        } else {
            out.printf("%s: at tag %s, nothing pending.%n", r.schema(), Output.tag(r.currentTag()));
        }
        out.flush();
        failIfEdited(r);
    }

    /** Status agrees with validate: an applied changeset that changed is a failure (exit 1), after the status. */
    private static void failIfEdited(StatusResult r) {
        if (!r.edited().isEmpty()) {
            throw new DbStepsException(ErrorCode.CHECKSUM_MISMATCH, "Schema " + r.schema() + ": "
                    + Output.plural(r.edited().size(), "applied changeset") + " changed after "
                    + (r.edited().size() == 1 ? "it was" : "they were") + " applied: " + String.join(", ", r.edited())
                    + ". Nothing was changed; update and validate refuse until it is resolved. Run 'dbsteps validate' "
                    + "for the recorded and current checksums.");
        }
    }

    static Map<String, Object> json(StatusResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", r.schema());
        doc.put("currentTag", r.currentTag());
        doc.put("upToDate", r.upToDate());
        doc.put("unverifiedRelease", UnverifiedLine.json(r.unverified()));
        doc.put("edited", r.edited());
        doc.put("pending", r.pending().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("author", p.author());
            m.put("file", p.file());
            m.put("tag", p.tag());
            m.put("description", p.description());
            return m;
        }).toList());
        return doc;
    }
}
