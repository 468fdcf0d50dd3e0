package io.dbsteps.internal.command;

import io.dbsteps.AppliedChange;
import io.dbsteps.ArchiveEntry;
import io.dbsteps.HistoryResult;
import io.dbsteps.PendingChange;
import io.dbsteps.SchemaSnapshot;
import io.dbsteps.StatusResult;
import io.dbsteps.ValidationResult;
import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.failure.Action;
import io.dbsteps.internal.liquibase.LiquibaseSession;
import io.dbsteps.internal.liquibase.StepRecorder;
import io.dbsteps.internal.liquibase.TagAliases;
import io.dbsteps.internal.schema.ExpectedSchemas;
import io.dbsteps.internal.undo.ArchiveRegistry;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;

/** The commands that only report: status, history, archives, the update SQL, the live schema, validation. */
public final class Reads {
    private final Settings settings;

    public Reads(Settings settings) {
        this.settings = settings;
    }

    public StatusResult status() {
        return LiquibaseSession.run(settings, "status", s -> {
            ShouldRunChangeSetFilter pending = new ShouldRunChangeSetFilter(s.database());
            List<PendingChange> out = new ArrayList<>();
            List<String> edited = new ArrayList<>();
            List<RanChangeSet> history = s.history();
            for (ChangeSet cs : s.applicableChangeSets()) {
                if (pending.accepts(cs).isAccepted()) {
                    out.add(new PendingChange(cs.getId(), cs.getAuthor(), cs.getStoredFilePath(), cs.getDescription(),
                            StepRecorder.tagOf(cs)));
                }
                // the check validate() and update make (Liquibase's: validCheckSum honoured, a runOnChange or
                // runAlways changeset that changed runs again instead)
                history.stream().filter(r -> r.isSameAs(cs) && r.getLastCheckSum() != null
                        && !cs.isCheckSumValid(r.getLastCheckSum()) && !cs.shouldRunOnChange() && !cs.shouldAlwaysRun())
                        .findFirst()
                        .ifPresent(r -> edited.add(cs.toString(false)));
            }
            return new StatusResult(s.schema(), History.currentTag(history), out, History.unverified(s), edited);
        });
    }

    public HistoryResult history() {
        return LiquibaseSession.run(settings, "history", s -> {
            List<RanChangeSet> rows = s.history();
            List<TagAliases.Alias> names = TagAliases.of(settings.changelog()).current(s.connection(), rows);
            List<AppliedChange> out = new ArrayList<>();
            for (RanChangeSet r : rows) {
                List<String> tags = new ArrayList<>();
                if (r.getTag() != null) {
                    tags.add(r.getTag());
                }
                tags.addAll(TagAliases.namesOf(r, names));
                out.add(new AppliedChange(r.getId(), r.getAuthor(), r.getChangeLog(),
                        r.getDateExecuted() == null ? null : r.getDateExecuted().toInstant(),
                        r.getExecType() == null ? null : r.getExecType().name(), r.getTag(),
                        r.getLastCheckSum() == null ? null : r.getLastCheckSum().toString(), r.getDescription(), tags));
            }
            return new HistoryResult(s.schema(), History.currentTag(rows), out, History.unverified(s), TagAliases.ofEmptyState(names));
        });
    }

    public List<ArchiveEntry> archives() {
        return LiquibaseSession.run(settings, "archives",
                s -> ArchiveRegistry.of(settings.changelog()).list(s.connection()));
    }

    public String updateSql() {
        return LiquibaseSession.run(settings, Action.preview("update SQL preview"), s -> s.sqlOf(s.preview("updateSql")));
    }

    public SchemaSnapshot snapshot() {
        return LiquibaseSession.run(settings, "snapshot", ExpectedSchemas::live);
    }

    public ValidationResult validate() {
        long start = System.nanoTime();
        return LiquibaseSession.run(settings, "validate", s -> {
            s.changeLog().validate(s.database(), s.parameters().getContexts(), s.parameters().getLabels());
            List<ChangeSet> applicable = s.applicableChangeSets();
            List<RanChangeSet> history = s.history();
            int applied = (int) applicable.stream()
                    .filter(cs -> history.stream().anyMatch(r -> r.isSameAs(cs))).count();
            return new ValidationResult(s.schema(), applicable.size(), applied, Elapsed.since(start));
        });
    }
}
