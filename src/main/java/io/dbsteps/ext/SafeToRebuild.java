package io.dbsteps.ext;

import io.dbsteps.internal.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.precondition.CustomPrecondition;

/**
 * A precondition for a changeset that rebuilds a SQLite table by hand (create a copy, move the rows, drop the
 * original, rename the copy, recreate its indexes). It stops the update, before anything changes, when the rebuild
 * would lose something:
 * <ul>
 *   <li>foreign-key enforcement is on: dropping the original table would then delete, or cascade to, every row
 *       that references it. dbsteps turns enforcement off while it migrates; a plain Liquibase client must connect
 *       with it off (the SQLite default, {@code foreign_keys=false} in the JDBC URL);</li>
 *   <li>the table has an index or trigger that the changelog does not know, for example one the host added: the
 *       rebuild would drop it silently.</li>
 * </ul>
 * It reports a precondition <em>error</em>, so it stops the update even in a precondition block whose
 * {@code onFail} is {@code MARK_RAN} (the default {@code onError} is {@code HALT}). On other databases it passes.
 *
 * <pre>
 * preConditions:
 *   - onFail: MARK_RAN
 *   - sqlCheck: ...                     # the rebuild is still needed
 *   - customPrecondition:
 *       className: io.dbsteps.ext.SafeToRebuild
 *       params:
 *         - param: {name: table, value: students}
 *         - param: {name: known, value: "ix_students_department, idx_students_user_id"}
 * </pre>
 * {@code known} lists the indexes and triggers of the table that the rebuild, or a later changeset, creates again.
 * SQLite's own indexes for PRIMARY KEY and UNIQUE ({@code sqlite_autoindex_*}) are part of the table and always pass.
 */
public class SafeToRebuild implements CustomPrecondition {
    private String table;
    private String known = "";

    /** @param table the table the changeset rebuilds */
    public void setTable(String table) {
        this.table = table;
    }

    /** @param known comma-separated names of the table's indexes and triggers that the changelog creates again */
    public void setKnown(String known) {
        this.known = known == null ? "" : known;
    }

    @Override
    public void check(Database database) throws CustomPreconditionErrorException {
        if (!(database instanceof SQLiteDatabase)) {
            return;
        }
        if (table == null || table.isBlank()) {
            throw new CustomPreconditionErrorException("SafeToRebuild needs the parameter table");
        }
        Connection c = JdbcConnections.of(database);
        try {
            if (foreignKeysEnforced(c)) {
                throw new CustomPreconditionErrorException("Rebuilding table " + table + " with SQLite foreign-key "
                        + "enforcement on would delete the rows that reference it. Run the update with enforcement "
                        + "off (foreign_keys=false in the JDBC URL, or PRAGMA foreign_keys = OFF before it starts), "
                        + "then check the references with PRAGMA foreign_key_check. Nothing was changed.");
            }
            List<String> unknown = unknownObjects(c);
            if (!unknown.isEmpty()) {
                throw new CustomPreconditionErrorException("Rebuilding table " + table + " would drop "
                        + String.join(", ", unknown) + ", which this changelog does not create again. Drop "
                        + (unknown.size() == 1 ? "it" : "them") + " before the update and create "
                        + (unknown.size() == 1 ? "it" : "them") + " again afterwards. Nothing was changed.");
            }
        } catch (SQLException e) {
            throw new CustomPreconditionErrorException("SafeToRebuild could not inspect " + table + ": " + e.getMessage(), e);
        }
    }

    private static boolean foreignKeysEnforced(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    private List<String> unknownObjects(Connection c) throws SQLException {
        Set<String> allowed = Arrays.stream(known.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT type, name FROM sqlite_master WHERE type IN ('index', "
                + "'trigger') AND lower(tbl_name) = lower(?) AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!allowed.contains(rs.getString(2).toLowerCase(Locale.ROOT))) {
                        out.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
        }
        return out;
    }
}
