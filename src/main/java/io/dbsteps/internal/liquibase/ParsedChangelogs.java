package io.dbsteps.internal.liquibase;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

/**
 * Parsed changelogs kept for reuse, so that a JVM parses a changelog once per configuration rather than once per
 * command. A parsed changelog remembers what its last command did with it, so one command at a time uses it: a
 * command borrows one (or parses its own when none is idle, as commands on several databases at once do) and gives it
 * back when it ends. A few configurations and a few copies of each are kept; the least recently used are forgotten.
 */
public final class ParsedChangelogs {
    private static final int CONFIGURATIONS = 16;
    private static final int COPIES = 8;

    /** What a parsed changelog depends on: the same key gives the same changesets and checksums. */
    public record Key(ClassLoader loader, String path, String dbms, List<String> contexts, Map<String, String> parameters) {
    }

    private static final Map<Key, Deque<DatabaseChangeLog>> IDLE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Deque<DatabaseChangeLog>> eldest) {
            return size() > CONFIGURATIONS;
        }
    };

    private ParsedChangelogs() {
    }

    /** An idle parsed changelog of this configuration, cleared of its last run; null if none is idle. */
    public static DatabaseChangeLog borrow(Key key) {
        DatabaseChangeLog log;
        synchronized (IDLE) {
            Deque<DatabaseChangeLog> idle = IDLE.get(key);
            log = idle == null ? null : idle.pollFirst();
        }
        if (log != null) {
            forgetLastRun(log);
        }
        return log;
    }

    /** Gives a parsed changelog back for the next command of the same configuration. */
    public static void giveBack(Key key, DatabaseChangeLog log) {
        synchronized (IDLE) {
            Deque<DatabaseChangeLog> idle = IDLE.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (idle.size() < COPIES) {
                idle.addFirst(log);
            }
        }
    }

    /**
     * Clears what Liquibase's changesets remember of the last command that ran them. A changeset keeps its outcome:
     * one once marked ran by a precondition would otherwise report, and record in the history, MARK_RAN on every
     * later run in this JVM; and it keeps the SQL it generated, which would grow with every run.
     */
    public static void forgetLastRun(DatabaseChangeLog changeLog) {
        for (ChangeSet cs : changeLog.getChangeSets()) {
            cs.setExecType(null);
            cs.setRollbackExecType(null);
            cs.setErrorMsg(null);
            cs.setValidationFailed(false);
            cs.setGeneratedSql(new ArrayList<>());
            cs.setOperationStartTime(null);
            cs.setOperationStopTime(null);
        }
    }
}
