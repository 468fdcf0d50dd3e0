package io.dbsteps.internal.fastpath;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import liquibase.changelog.ChangeSet;
import liquibase.precondition.Precondition;
import liquibase.precondition.core.AndPrecondition;
import liquibase.precondition.core.ColumnExistsPrecondition;
import liquibase.precondition.core.DBMSPrecondition;
import liquibase.precondition.core.IndexExistsPrecondition;
import liquibase.precondition.core.NotPrecondition;
import liquibase.precondition.core.OrPrecondition;
import liquibase.precondition.core.PreconditionContainer;
import liquibase.precondition.core.SqlPrecondition;
import liquibase.precondition.core.TableExistsPrecondition;

/**
 * A changeset's preconditions in the compiled form: {@code <onFail> <onError> <expression>}, the expression in prefix
 * form, each word URL-encoded: {@code and N ...}, {@code or N ...}, {@code not N ...} (fails if any of its N passes,
 * as Liquibase's {@code not} does), {@code dbms TYPES}, {@code tableExists TABLE}, {@code columnExists TABLE COLUMN},
 * {@code indexExists TABLE|- INDEX}, {@code sqlCheck EXPECTED SQL}. Only these, in the default schema, compile; a
 * changeset with any other precondition is not plain.
 */
final class CompiledPreconditions {
    /** A precondition the compiled form cannot express. */
    static final class Unsupported extends Exception {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private CompiledPreconditions() {
    }

    /** The compiled preconditions of a changeset, or null if it has none. */
    static String of(ChangeSet cs) throws Unsupported {
        PreconditionContainer p = cs.getPreconditions();
        if (p == null || p.getNestedPreconditions().isEmpty()) {
            return null;
        }
        if (p.getOnSqlOutput() != null && p.getOnSqlOutput() != PreconditionContainer.OnSqlOutputOption.IGNORE) {
            throw new Unsupported("its preconditions set onSqlOutput");
        }
        StringBuilder out = new StringBuilder();
        out.append(p.getOnFail()).append(' ').append(p.getOnError());
        list(out, "and", p);
        return out.toString();
    }

    private static void list(StringBuilder out, String op, AndPrecondition group) throws Unsupported {
        out.append(' ').append(op).append(' ').append(group.getNestedPreconditions().size());
        for (Precondition nested : group.getNestedPreconditions()) {
            one(out, nested);
        }
    }

    private static void one(StringBuilder out, Precondition p) throws Unsupported {
        if (p instanceof AndPrecondition and) { // also a nested PreconditionContainer
            list(out, "and", and);
        } else if (p instanceof OrPrecondition or) {
            out.append(" or ").append(or.getNestedPreconditions().size());
            for (Precondition nested : or.getNestedPreconditions()) {
                one(out, nested);
            }
        } else if (p instanceof NotPrecondition not) {
            out.append(" not ").append(not.getNestedPreconditions().size());
            for (Precondition nested : not.getNestedPreconditions()) {
                one(out, nested);
            }
        } else if (p instanceof DBMSPrecondition dbms) {
            words(out, "dbms", dbms.getType());
        } else if (p instanceof TableExistsPrecondition t) {
            defaultSchema(t.getCatalogName(), t.getSchemaName(), "tableExists");
            words(out, "tableExists", t.getTableName());
        } else if (p instanceof ColumnExistsPrecondition c) {
            defaultSchema(c.getCatalogName(), c.getSchemaName(), "columnExists");
            words(out, "columnExists", c.getTableName(), c.getColumnName());
        } else if (p instanceof IndexExistsPrecondition i) {
            defaultSchema(i.getCatalogName(), i.getSchemaName(), "indexExists");
            if (i.getColumnNames() != null && !i.getColumnNames().isBlank() || i.getIndexName() == null) {
                throw new Unsupported("its indexExists precondition names columns instead of an index");
            }
            words(out, "indexExists", i.getTableName() == null || i.getTableName().isBlank() ? "-" : i.getTableName(),
                    i.getIndexName());
        } else if (p instanceof SqlPrecondition sql) {
            words(out, "sqlCheck", sql.getExpectedResult(), sql.getSql());
        } else {
            throw new Unsupported("its precondition " + p.getName() + " is not one dbsteps evaluates itself");
        }
    }

    private static void defaultSchema(String catalog, String schema, String name) throws Unsupported {
        if (catalog != null || schema != null) {
            throw new Unsupported("its " + name + " precondition names a schema");
        }
    }

    private static void words(StringBuilder out, String op, String... args) throws Unsupported {
        out.append(' ').append(op);
        for (String arg : args) {
            if (arg == null) {
                throw new Unsupported("its " + op + " precondition leaves out a value");
            }
            out.append(' ').append(URLEncoder.encode(arg, StandardCharsets.UTF_8));
        }
    }
}
