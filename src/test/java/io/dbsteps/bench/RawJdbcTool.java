package io.dbsteps.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor: one connection running the SQL dbsteps previews. An update ({@code updateSql}) commits each changeset
 * as it is applied, as all the tools do; a rollback ({@code rollbackSql}) is one transaction, as dbsteps runs it.
 * The no-op is one {@code SELECT} from a version table.
 */
final class RawJdbcTool implements Tool {
    static final String VERSION_TABLE = "bench_version";

    private final Target target;

    RawJdbcTool(Target target) {
        this.target = target;
    }

    @Override
    public void update() throws Exception {
        run("update.sql", false);
    }

    @Override
    public void noop() throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + VERSION_TABLE)) {
            if (!rs.next() || rs.getString(1) == null) {
                throw new IllegalStateException("no version in " + VERSION_TABLE);
            }
        }
    }

    @Override
    public void rollback(String tag) throws Exception {
        run("rollback.sql", true);
    }

    @Override
    public void restore() throws Exception {
        run("restore.sql", false);
    }

    private void run(String file, boolean oneTransaction) throws Exception {
        String script = Files.readString(target.scripts().resolve(file), StandardCharsets.UTF_8);
        try (Connection c = target.connect()) {
            execute(c, script, oneTransaction);
        }
    }

    /**
     * Runs a Liquibase-written script: one transaction per changeset, or all of it as one transaction (unless a
     * statement must run outside one, e.g. CREATE INDEX CONCURRENTLY).
     */
    static void execute(Connection c, String script, boolean oneTransaction) throws SQLException {
        List<SqlScript.Group> groups = SqlScript.parse(script);
        if (oneTransaction && groups.stream().noneMatch(SqlScript.Group::needsAutoCommit)) {
            List<String> all = new ArrayList<>();
            groups.forEach(g -> all.addAll(g.statements()));
            groups = List.of(new SqlScript.Group("the whole script", all));
        }
        for (SqlScript.Group g : groups) {
            boolean tx = !g.needsAutoCommit();
            c.setAutoCommit(!tx);
            try (Statement st = c.createStatement()) {
                for (String sql : g.statements()) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("in " + g.title() + ": " + e.getMessage() + "\n" + sql, e);
                    }
                }
            }
            if (tx) {
                c.commit();
            }
        }
        c.setAutoCommit(true);
    }
}
