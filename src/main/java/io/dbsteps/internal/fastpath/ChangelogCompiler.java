package io.dbsteps.internal.fastpath;

import io.dbsteps.internal.undo.RollbackRenderer;
import io.dbsteps.internal.undo.UndoRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.change.core.SQLFileChange;
import liquibase.resource.ResourceAccessor;
import liquibase.change.Change;
import liquibase.change.DbmsTargetedChange;
import liquibase.change.core.ExecuteShellCommandChange;
import liquibase.change.core.LoadDataChange;
import liquibase.change.core.OutputChange;
import liquibase.change.core.StopChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.database.ObjectQuotingStrategy;
import liquibase.exception.RollbackImpossibleException;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.core.MarkChangeSetRanGenerator;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.CallableSqlStatement;
import liquibase.statement.ExecutablePreparedStatement;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.CreateDatabaseChangeLogLockTableStatement;
import liquibase.statement.core.CreateDatabaseChangeLogTableStatement;
import liquibase.statement.core.InitializeDatabaseChangeLogLockTableStatement;
import liquibase.statement.core.RawParameterizedSqlStatement;
import liquibase.util.LiquibaseUtil;
import liquibase.util.StringUtil;

/**
 * Builds the {@link CompiledChangelog} of a changelog on one database: each changeset's SQL as Liquibase's executor
 * generates it, its rollback as the undo store keeps it ({@link RollbackRenderer}), and its history row's values as
 * Liquibase's {@code MarkChangeSetRanGenerator} computes them. A changeset is plain only when its run depends on its
 * text alone; anything else (preconditions, Java code, SQL built from a snapshot of the live schema, SQL that names
 * the schema other than where the placeholder stands, ...) is listed with the reason and must run through Liquibase.
 */
public final class ChangelogCompiler {
    /** The schema the SQL is compiled with a second time, to prove the placeholder is all that names the schema. */
    private static final String CONTROL_SCHEMA = "dbsteps_compiled_control";

    /** Core changes whose run is more than SQL: a shell command, a message, a stop, rows read from a file. */
    /**
     * The packages whose changes only generate SQL: Liquibase's own, and dbsteps' SQLite replacements of them (the same
     * changes with other generators and inverses; where their SQL depends on the live schema they say so, and are not
     * plain). A change of any other class may run code of its own.
     */
    private static final Set<String> SQL_CHANGES = Set.of("liquibase.change.core", "io.dbsteps.ext.sqlite");
    private static final Set<Class<?>> NOT_SQL = Set.of(ExecuteShellCommandChange.class, OutputChange.class,
            StopChange.class, LoadDataChange.class);

    private ChangelogCompiler() {
    }

    /** The compiled changelog of a changelog on a database ({@code postgresql} or {@code sqlite}). */
    public static CompiledChangelog compile(ClassLoader loader, String changelog, String dbms, List<String> contexts,
            Map<String, String> parameters) throws Exception {
        boolean schemas = "postgresql".equals(dbms);
        List<CompiledChangelog.Step> control = schemas ? Manifests.withApplicable(loader, changelog, dbms, contexts,
                parameters, CONTROL_SCHEMA, (db, applicable) -> steps(db, applicable)) : null;
        return Manifests.withApplicable(loader, changelog, dbms, contexts, parameters,
                schemas ? CompiledChangelog.SCHEMA_PLACEHOLDER : null, (db, applicable) -> {
                    List<CompiledChangelog.Step> steps = steps(db, applicable);
                    List<CompiledChangelog.Step> checked = new ArrayList<>();
                    for (int i = 0; i < steps.size(); i++) {
                        checked.add(checkSchemaNames(steps.get(i), control == null ? null : control.get(i)));
                    }
                    return new CompiledChangelog(sources(loader, changelog, applicable), LiquibaseUtil.getBuildVersion(),
                            db.getCurrentDateTimeFunction(), trackingTables(db), checked);
                });
    }

    /**
     * The files the changelog is read from, as resource paths with their hashes: the changelog, every file a
     * changeset comes from, and every SQL file a change reads.
     */
    private static List<CompiledChangelog.Source> sources(ClassLoader loader, String changelog,
            List<ChangeSet> applicable) throws Exception {
        java.util.Set<String> paths = new java.util.LinkedHashSet<>();
        paths.add(changelog);
        ResourceAccessor resources = Scope.getCurrentScope().getResourceAccessor();
        for (ChangeSet cs : applicable) {
            String physical = cs.getChangeLog().getPhysicalFilePath();
            paths.add(physical);
            for (Change change : cs.getChanges()) {
                if (change instanceof SQLFileChange file && file.getPath() != null) {
                    paths.add(Boolean.TRUE.equals(file.isRelativeToChangelogFile())
                            ? resources.get(physical).resolveSibling(file.getPath()).getPath()
                            : resources.getExisting(file.getPath()).getPath());
                }
            }
        }
        List<CompiledChangelog.Source> out = new ArrayList<>();
        for (String path : paths) {
            out.add(new CompiledChangelog.Source(path, CompiledChangelog.sha256(loader, path)));
        }
        return out;
    }

    /** The SQL Liquibase creates its tracking tables with, for tables named by the placeholders. */
    private static CompiledChangelog.TrackingTables trackingTables(Database db) {
        db.setDatabaseChangeLogTableName(CompiledChangelog.LOG_PLACEHOLDER);
        db.setDatabaseChangeLogLockTableName(CompiledChangelog.LOCK_PLACEHOLDER);
        return new CompiledChangelog.TrackingTables(sql(db, new CreateDatabaseChangeLogTableStatement()),
                sql(db, new CreateDatabaseChangeLogLockTableStatement()),
                sql(db, new InitializeDatabaseChangeLogLockTableStatement()));
    }

    private static List<String> sql(Database db, SqlStatement statement) {
        return java.util.Arrays.stream(SqlGeneratorFactory.getInstance().generateSql(statement, db)).map(Sql::toSql)
                .toList();
    }

    private static List<CompiledChangelog.Step> steps(Database db, List<ChangeSet> applicable) {
        List<CompiledChangelog.Step> steps = new ArrayList<>();
        for (ChangeSet cs : applicable) {
            steps.add(step(cs, db));
        }
        return steps;
    }

    /**
     * The step compiled with the placeholder stays plain only if the placeholder is the only place the schema's name
     * appears: compiled with another schema, its SQL must be the same text with that name in the placeholder's place.
     * Without a schema (SQLite), the placeholder must not appear at all.
     */
    private static CompiledChangelog.Step checkSchemaNames(CompiledChangelog.Step step, CompiledChangelog.Step control) {
        if (!step.plain() && step.undo() == null) {
            return step;
        }
        List<String> sql = new ArrayList<>(step.sql());
        sql.add(String.valueOf(step.undo()));
        sql.add(String.valueOf(step.rollback()));
        List<String> expected = control == null ? null : new ArrayList<>(control.sql());
        if (expected != null) {
            expected.add(String.valueOf(control.undo()));
            expected.add(String.valueOf(control.rollback()));
        }
        boolean substitutable = control == null
                ? sql.stream().noneMatch(s -> s.contains(CompiledChangelog.SCHEMA_PLACEHOLDER))
                : sql.stream().map(s -> s.replace(CompiledChangelog.SCHEMA_PLACEHOLDER, CONTROL_SCHEMA)).toList()
                        .equals(expected);
        return substitutable ? step : notPlain(step, "its SQL names the compiler's placeholder schema "
                + CompiledChangelog.SCHEMA_PLACEHOLDER + " itself");
    }

    private static CompiledChangelog.Step notPlain(CompiledChangelog.Step s, String why) {
        return new CompiledChangelog.Step(s.id(), s.author(), s.file(), s.checksum(), s.description(), s.comments(),
                s.contexts(), s.labels(), s.tag(), why, s.precondition(), List.of(), null, null, s.keepsTag());
    }

    private static CompiledChangelog.Step step(ChangeSet cs, Database db) {
        String preconditionWhy = null;
        String precondition = null;
        try {
            precondition = CompiledPreconditions.of(cs);
        } catch (CompiledPreconditions.Unsupported e) {
            preconditionWhy = e.getMessage();
        }
        // the changeset's own SQL and undo are judged apart from its preconditions, which a rollback does not check
        String why = whyNotPlain(cs, db);
        List<String> sql = List.of();
        if (why == null) {
            try {
                sql = sqlOf(cs, db);
            } catch (NotPlain e) {
                why = e.getMessage();
            } catch (Exception | LinkageError e) {
                why = "its SQL cannot be generated ahead of time (" + e.getClass().getSimpleName() + ")";
            }
        }
        String undo = null;
        CompiledChangelog.Rollback rollback = null;
        if (why == null) {
            try {
                RollbackRenderer.Rendered r = RollbackRenderer.render(cs, db);
                undo = r.runsCode() ? null : String.join(UndoRows.SEPARATOR, r.statements());
                rollback = r.runsCode() ? null : new CompiledChangelog.Rollback(r.opaque(), r.fixedDrops(), r.rawSql());
            } catch (RollbackImpossibleException e) {
                undo = null; // no rollback at all, wherever it is rendered: the undo store keeps none either
            } catch (Exception | LinkageError e) {
                why = "its rollback cannot be rendered ahead of time (" + e.getClass().getSimpleName() + ")";
            }
        }
        boolean undoable = why == null; // its undo is compiled even when its preconditions leave its update to Liquibase
        why = why != null ? why : preconditionWhy;
        return new CompiledChangelog.Step(cs.getId(), cs.getAuthor(), cs.getStoredFilePath(),
                cs.generateCheckSum(ChecksumVersion.latest()).toString(),
                StringUtil.limitSize(cs.getDescription(), 250),
                StringUtil.limitSize(StringUtil.trimToEmpty(cs.getComments()), 250),
                cs.buildFullContext(), cs.buildFullLabels(), MarkChangeSetRanGenerator.getTagFromChangeset(cs), why,
                precondition, why == null ? sql : List.of(), undoable ? undo : null, undoable ? rollback : null,
                RollbackRenderer.keepsTagOnRollback(cs));
    }

    /** Why the changeset must run through Liquibase, judged from the changeset alone; null if that says plain. */
    private static String whyNotPlain(ChangeSet cs, Database db) {
        if (cs.isAlwaysRun() || cs.isRunOnChange()) {
            return "it runs always or on change";
        }
        if (!cs.isRunInTransaction()) {
            return "it runs outside a transaction";
        }
        if (Boolean.FALSE.equals(cs.getFailOnError())) {
            return "it goes on after a failure (failOnError: false)";
        }
        if (!cs.getSqlVisitors().isEmpty()) {
            return "it rewrites its SQL (modifySql)";
        }
        if (cs.getObjectQuotingStrategy() != null && cs.getObjectQuotingStrategy() != ObjectQuotingStrategy.LEGACY) {
            return "it quotes names (objectQuotingStrategy " + cs.getObjectQuotingStrategy() + ")";
        }
        if (cs.getRunWith() != null && !cs.getRunWith().isBlank()) {
            return "it runs with " + cs.getRunWith();
        }
        for (Change change : cs.getChanges()) {
            if (skipped(change, db)) {
                continue;
            }
            if (change instanceof CustomChangeWrapper) {
                return "it runs Java code (customChange)";
            }
            if (!SQL_CHANGES.contains(change.getClass().getPackageName())) {
                return "its change " + change.getSerializedObjectName() + " is run by " + change.getClass().getName();
            }
            if (NOT_SQL.stream().anyMatch(c -> c.isInstance(change))) {
                return "its change " + change.getSerializedObjectName() + " runs more than SQL";
            }
            if (change.generateStatementsVolatile(db)) {
                return "its change " + change.getSerializedObjectName() + " builds its SQL from the live schema";
            }
        }
        if (cs.hasCustomRollbackChanges()) {
            for (Change change : cs.getRollback().getChanges()) {
                if (!skipped(change, db) && change instanceof CustomChangeWrapper) {
                    return "its rollback runs Java code (customChange)";
                }
                if (!skipped(change, db) && change.generateStatementsVolatile(db)) {
                    return "its rollback " + change.getSerializedObjectName() + " is built from the live schema";
                }
            }
        } else {
            for (Change change : cs.getChanges()) {
                if (!skipped(change, db) && change.supportsRollback(db) && change.generateRollbackStatementsVolatile(db)) {
                    return "its rollback of " + change.getSerializedObjectName() + " is built from the live schema";
                }
            }
        }
        return null;
    }

    /** Liquibase leaves out a change for another database (its {@code dbms}) or another operating system. */
    private static boolean skipped(Change change, Database db) {
        return change instanceof DbmsTargetedChange t && !DatabaseList.definitionMatches(t.getDbms(), db, true);
    }

    /** The statements Liquibase's JDBC executor runs for the changeset's changes, in order. */
    private static List<String> sqlOf(ChangeSet cs, Database db) throws NotPlain {
        SqlGeneratorFactory generators = SqlGeneratorFactory.getInstance();
        List<String> out = new ArrayList<>();
        for (Change change : cs.getChanges()) {
            if (skipped(change, db)) {
                continue;
            }
            SqlStatement[] statements = change.generateStatements(db);
            if (statements == null) {
                continue;
            }
            for (SqlStatement statement : statements) {
                if (statement.skipOnUnsupported() && !generators.supports(statement, db)) {
                    continue;
                }
                if (statement instanceof ExecutablePreparedStatement || statement instanceof RawParameterizedSqlStatement
                        || statement instanceof CallableSqlStatement) {
                    throw new NotPlain("its change " + change.getSerializedObjectName() + " runs a prepared statement");
                }
                if (statement.continueOnError()) {
                    throw new NotPlain("its change " + change.getSerializedObjectName() + " goes on after an error");
                }
                Sql[] sql = generators.generateSql(statement, db);
                if (sql == null) {
                    continue;
                }
                for (Sql s : sql) {
                    out.add(s.toSql());
                }
            }
        }
        return out;
    }

    private static final class NotPlain extends Exception {
        NotPlain(String why) {
            super(why, null, false, false);
        }
    }
}
