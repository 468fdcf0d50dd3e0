package io.dbsteps.ext.sqlite;

import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.statement.core.ModifyDataTypeStatement;

/** modifyDataType on SQLite: the table rebuild with only that column's declared type replaced. */
public class SqliteModifyDataTypeGenerator extends SqliteTableChangeGenerator<ModifyDataTypeStatement> {

    /** Creates the generator; Liquibase does this through its service registry. */
    public SqliteModifyDataTypeGenerator() {
    }

    @Override
    protected String tableName(ModifyDataTypeStatement statement) {
        return statement.getTableName();
    }

    @Override
    List<Sql> generate(ModifyDataTypeStatement statement, Database database, SqliteCatalog catalog)
            throws SQLException {
        CreateTableText edited = createText(catalog, statement.getTableName());
        ColumnEdits.require(edited, statement.getTableName(), statement.getColumnName());
        edited.setType(statement.getColumnName(), declaredType(statement.getNewDataType(), false, database));
        return TableRebuild.sql(catalog, statement.getTableName(), edited, index -> true, List.of());
    }
}
