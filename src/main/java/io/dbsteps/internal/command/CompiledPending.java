package io.dbsteps.internal.command;

import io.dbsteps.internal.config.Settings;
import io.dbsteps.internal.fastpath.CompiledChangelog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an update to a goal would apply, read with JDBC from the history and the compiled form, without Liquibase: the
 * history as it is, and the pending changesets up to the goal. A guarded fleet update reads it before it starts. It
 * answers only where the answer is certainly Liquibase's and every pending changeset has its undo compiled (so none is
 * without a rollback); otherwise it is empty and the caller asks Liquibase. Reads only. This class must not use
 * Liquibase.
 */
public final class CompiledPending {
    /** A history row, by the names the history and a fleet's record keep. */
    public record Applied(String id, String author, String file) {
    }

    /**
     * The history and what an update to the goal would apply.
     *
     * @param history    the history rows, oldest first
     * @param currentTag the tag of the newest row that has one, or null
     * @param pending    the changesets the update would apply, as {@code file::id::author}, in order
     */
    public record Read(List<Applied> history, String currentTag, List<String> pending) {
        public Read {
            history = List.copyOf(history);
            pending = List.copyOf(pending);
        }
    }

    private CompiledPending() {
    }

    /**
     * Reads the history and the pending changesets up to the goal (through the changeset whose {@code tagDatabase}
     * declares it exactly, as Liquibase finds a tag to update to) or to the head.
     *
     * @param goal the tag, or null for the head
     * @return empty when only Liquibase can tell: no compiled form applies, the history is not a prefix of it or holds
     *         a row that is not plainly executed, another schema's history is in the namespace, no changeset declares
     *         the tag, a pending changeset's undo is not compiled, or the database could not be read
     */
    public static Optional<Read> read(Settings settings, Connection c, String goal) {
        try {
            Optional<CompiledTarget> opened = CompiledTarget.open(settings, c);
            if (opened.isEmpty() || opened.get().otherTrackingTables()) {
                return Optional.empty();
            }
            CompiledTarget t = opened.get();
            List<CompiledTarget.HistoryRow> history = t.history();
            if (!t.isPrefix(history)) {
                return Optional.empty();
            }
            List<CompiledChangelog.Step> steps = t.compiled.steps();
            int end = goal == null ? steps.size() : t.declaring(goal, 0) + 1;
            if (end == 0) {
                return Optional.empty();
            }
            List<String> pending = new ArrayList<>();
            for (int i = history.size(); i < end; i++) {
                CompiledChangelog.Step s = steps.get(i);
                if (s.undo() == null || s.rollback() == null) {
                    return Optional.empty();
                }
                pending.add(s.file() + "::" + s.id() + "::" + s.author());
            }
            List<Applied> applied = history.stream()
                    .map(h -> new Applied(h.entry().id(), h.entry().author(), h.entry().file())).toList();
            return Optional.of(new Read(applied, CompiledTarget.currentTag(history), pending));
        } catch (SQLException e) {
            return Optional.empty(); // the Liquibase path reports whatever is wrong
        }
    }
}
