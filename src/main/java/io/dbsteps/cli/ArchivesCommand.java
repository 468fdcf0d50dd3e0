package io.dbsteps.cli;

import io.dbsteps.ArchiveEntry;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the archives the schema's rollbacks made. */
@Command(name = "archives", mixinStandardHelpOptions = true,
        description = "Lists the archives this schema's rollbacks made and that are still in the database: the "
                + "archive table, what it holds, the changeset whose rollback dropped it, its rows. Changes nothing.",
        footer = {"", "Examples:", "  dbsteps archives --schema codorch", "  dbsteps archives --schema codorch --json"})
final class ArchivesCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        io.dbsteps.DbSteps steps = db.load(null);
        List<ArchiveEntry> archives = steps.archives();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", steps.schema());
            doc.put("archives", archives.stream().map(a -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("archiveTable", a.archiveTable());
                m.put("table", a.table());
                m.put("column", a.column());
                m.put("changeset", a.changeset());
                m.put("rows", a.rows());
                m.put("created", a.created());
                return m;
            }).toList());
            out.println(Json.write(doc));
            return;
        }
        out.printf("%s: %s%n", steps.schema(), archives.isEmpty() ? "no archives."
                : Output.plural(archives.size(), "archive") + ", oldest first:");
        if (archives.isEmpty()) {
            return;
        }
        Output.table(out, List.of("ARCHIVE", "HOLDS", "ROWS", "DROPPED BY", "CREATED"), archives,
                ArchiveEntry::archiveTable, a -> a.table() + (a.column() == null ? "" : "." + a.column()),
                a -> Long.toString(a.rows()), ArchiveEntry::changeset, a -> a.created().toString());
    }
}
