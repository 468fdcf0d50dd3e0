package io.dbsteps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.DbmsTargetedChange;
import liquibase.change.core.RawSQLChange;
import liquibase.change.core.SQLFileChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.DropColumnStatement;
import liquibase.statement.core.DropTableStatement;

/**
 * Works out, without running anything, the SQL a changeset's rollback would run on a database, and which tables
 * and columns it would drop. The plan, the undo store and the archive all use it.
 */
final class RollbackRenderer {
    private static final Pattern DROP_TABLE =
            Pattern.compile("(?is)^\\s*DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\w.\"]+)");
    private static final Pattern DROP_COLUMN = Pattern.compile(
            "(?is)^\\s*ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\w.\"]+)\\s+DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?([\\w\"]+)");
    private static final Pattern COPIED_FROM =
            Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+.*?\\bSELECT\\b.*?\\bFROM\\s+([\\w.\"]+)");

    /** What a rollback drops: a whole table, or one column of it. */
    record Drop(String table, String column) {
    }

    /**
     * @param statements the SQL, in order
     * @param opaque     true if part of it is raw SQL whose effect is known only by reading it
     * @param runsCode   true if part of it is a custom change that runs Java code and has no SQL
     * @param drops      the tables and columns it drops that hold data nobody copied first
     */
    record Rendered(List<String> statements, boolean opaque, boolean runsCode, List<Drop> drops) {
    }

    private RollbackRenderer() {
    }

    static Rendered render(ChangeSet changeSet, Database database) throws Exception {
        List<SqlStatement> statements = new ArrayList<>();
        boolean opaque = false;
        boolean runsCode = false;
        List<Change> changes;
        boolean explicit = changeSet.hasCustomRollbackChanges();
        if (explicit) {
            changes = changeSet.getRollback().getChanges();
        } else {
            changes = new ArrayList<>(changeSet.getChanges());
            Collections.reverse(changes);
        }
        for (Change change : changes) {
            if (ignored(change, database)) {
                continue;
            }
            if (change instanceof CustomChangeWrapper) {
                runsCode = true; // generating its statements would run it
                continue;
            }
            if (change instanceof RawSQLChange || change instanceof SQLFileChange) {
                opaque = true;
            }
            SqlStatement[] generated = explicit ? change.generateStatements(database)
                    : change.generateRollbackStatements(database);
            if (generated != null) {
                Collections.addAll(statements, generated);
            }
        }
        List<String> sql = new ArrayList<>();
        List<Drop> drops = new ArrayList<>();
        List<Drop> rawDrops = new ArrayList<>();
        List<String> copiedFrom = new ArrayList<>();
        for (SqlStatement statement : statements) {
            if (statement instanceof DropTableStatement d) {
                drops.add(new Drop(d.getTableName(), null));
            } else if (statement instanceof DropColumnStatement d) {
                if (d.isMultiple()) {
                    d.getColumns().forEach(c -> drops.add(new Drop(c.getTableName(), c.getColumnName())));
                } else {
                    drops.add(new Drop(d.getTableName(), d.getColumnName()));
                }
            }
            Sql[] generatedSql = SqlGeneratorFactory.getInstance().generateSql(statement, database);
            if (generatedSql == null) {
                continue; // a statement that runs no SQL, e.g. the message of an output change
            }
            for (Sql s : generatedSql) {
                String text = s.toSql();
                sql.add(text);
                if (!(statement instanceof DropTableStatement) && !(statement instanceof DropColumnStatement)) {
                    readRawSql(text, rawDrops, copiedFrom);
                }
            }
        }
        // A table dropped by raw SQL after an INSERT ... SELECT copied its rows (a table rebuild) loses nothing.
        // A structured dropTable always counts: its rows may hold more than whatever copy the rollback made.
        rawDrops.removeIf(d -> d.column() == null && copiedFrom.contains(d.table()));
        drops.addAll(rawDrops);
        return new Rendered(List.copyOf(sql), opaque, runsCode, List.copyOf(drops));
    }

    /** Reads drops out of raw SQL, and tables whose rows an INSERT ... SELECT copies before they are dropped. */
    static void readRawSql(String text, List<Drop> drops, List<String> copiedFrom) {
        Matcher copy = COPIED_FROM.matcher(text);
        if (copy.find()) {
            copiedFrom.add(unquote(copy.group(1)));
            return;
        }
        Matcher table = DROP_TABLE.matcher(text);
        if (table.find()) {
            drops.add(new Drop(unquote(table.group(1)), null));
            return;
        }
        Matcher column = DROP_COLUMN.matcher(text);
        if (column.find() && !column.group(2).equalsIgnoreCase("CONSTRAINT")) {
            drops.add(new Drop(unquote(column.group(1)), unquote(column.group(2))));
        }
    }

    private static String unquote(String name) {
        String n = name.replace("\"", "");
        int dot = n.lastIndexOf('.');
        return (dot >= 0 ? n.substring(dot + 1) : n).toLowerCase(Locale.ROOT);
    }

    private static boolean ignored(Change change, Database database) {
        return (change instanceof DbmsTargetedChange t && !DatabaseList.definitionMatches(t.getDbms(), database, true))
                || (change instanceof RawSQLChange raw && "empty".equalsIgnoreCase(raw.getSql()));
    }
}
