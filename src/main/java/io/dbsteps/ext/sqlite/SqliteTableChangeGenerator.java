package io.dbsteps.ext.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.datatype.DataTypeFactory;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sql.UnparsedSql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.DatabaseFunction;
import liquibase.statement.SqlStatement;
import liquibase.structure.core.Table;

/**
 * The base of dbsteps' SQLite generators for Liquibase's table changes. They take precedence over Liquibase's own
 * SQLite generators (which rebuild tables from a snapshot and rewrite declared types) and over the generic ones
 * (which refuse SQLite). They read the table's CREATE TABLE text through the database's connection when the SQL
 * is generated, so they need a live connection: without one (an offline preview) they return a comment that says
 * so instead of guessing.
 *
 * @param <T> the statement
 */
public abstract class SqliteTableChangeGenerator<T extends SqlStatement> extends AbstractSqlGenerator<T> {
    private static final java.util.regex.Pattern PLAIN_TYPE = java.util.regex.Pattern.compile(
            "[A-Za-z][A-Za-z0-9_]*( [A-Za-z][A-Za-z0-9_]*)*( ?\\( *[+-]?\\d+ *(, *[+-]?\\d+ *)?\\))?");

    /** Creates the generator; Liquibase does this through its service registry. */
    protected SqliteTableChangeGenerator() {
    }

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 5;
    }

    @Override
    public boolean supports(T statement, Database database) {
        return database instanceof SQLiteDatabase;
    }

    @Override
    public boolean generateStatementsIsVolatile(Database database) {
        return true;
    }

    @Override
    public ValidationErrors validate(T statement, Database database, SqlGeneratorChain<T> chain) {
        ValidationErrors errors = new ValidationErrors();
        errors.checkRequiredField("tableName", tableName(statement));
        return errors;
    }

    @Override
    public Sql[] generateSql(T statement, Database database, SqlGeneratorChain<T> chain) {
        String table = tableName(statement);
        if (!(database.getConnection() instanceof JdbcConnection jdbc) || jdbc.getUnderlyingConnection() == null) {
            return new Sql[] {new UnparsedSql("-- dbsteps: the SQLite SQL for this change to table " + table
                    + " is made from the table's CREATE TABLE text in the database; without a database connection "
                    + "it cannot be shown", new Table().setName(table))};
        }
        Connection connection = jdbc.getUnderlyingConnection();
        try {
            return generate(statement, database, new SqliteCatalog(connection)).toArray(new Sql[0]);
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Could not read SQLite table " + table + " to change it: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param statement the statement
     * @return the table it changes
     */
    protected abstract String tableName(T statement);

    /**
     * @param statement the statement
     * @param database  the database
     * @param catalog   its catalog, read through the live connection
     * @return the SQL that makes the change
     * @throws SQLException if the catalog cannot be read
     */
    abstract List<Sql> generate(T statement, Database database, SqliteCatalog catalog) throws SQLException;

    /**
     * The declared type of a new or changed column: the type exactly as the changeset wrote it when SQLite takes it
     * as written (a type name with an optional size, such as {@code NUMERIC(8,2)}), and otherwise, for Liquibase's
     * own notations such as {@code java.sql.Types.VARCHAR(20)}, the type Liquibase's createTable would declare.
     */
    static String declaredType(String type, boolean autoIncrement, Database database) {
        if (PLAIN_TYPE.matcher(type.trim()).matches() && !autoIncrement) {
            return type.trim();
        }
        return DataTypeFactory.getInstance().fromDescription(type + (autoIncrement ? "{autoIncrement:true}" : ""),
                database).toDatabaseDataType(database).toSql();
    }

    /** @return a DEFAULT expression for a value, as Liquibase writes it, parenthesised where SQLite requires */
    static String defaultExpression(Object value, String type, Database database) {
        if (value instanceof DatabaseFunction f) {
            String sql = database.generateDatabaseFunctionValue(f);
            String upper = sql.trim().toUpperCase(java.util.Locale.ROOT);
            boolean bare = upper.equals("CURRENT_TIMESTAMP") || upper.equals("CURRENT_DATE")
                    || upper.equals("CURRENT_TIME") || upper.equals("NULL") || sql.trim().startsWith("(");
            return bare ? sql : "(" + sql + ")";
        }
        var dataType = type == null ? DataTypeFactory.getInstance().fromObject(value, database)
                : DataTypeFactory.getInstance().fromDescription(type, database);
        return dataType.objectToSql(value, database);
    }

    /** @return true if SQLite's ALTER TABLE ADD COLUMN accepts the default: a literal, not an expression */
    static boolean constantDefault(String expression) {
        String upper = expression.trim().toUpperCase(java.util.Locale.ROOT);
        return !upper.startsWith("(") && !upper.startsWith("CURRENT_");
    }

    /** @return the table's CREATE TABLE text, parsed */
    static CreateTableText createText(SqliteCatalog catalog, String table) throws SQLException {
        return CreateTableText.parse(catalog.table(table).sql());
    }

    /** @return a single native statement as Liquibase SQL */
    static Sql sql(String text, String table) {
        return new UnparsedSql(text, new Table().setName(table));
    }
}
