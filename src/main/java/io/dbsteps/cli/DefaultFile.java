package io.dbsteps.cli;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's default database, {@code dbsteps.db} in the working directory, holds one schema. Used without --url for a
 * second schema, it would mix two schemas in one file by accident: the command is refused before the file is touched,
 * with the way to give the second schema a file of its own. (Several schemas in one file stay possible, asked for
 * explicitly with --url; dbsteps then refuses anything that would touch another schema's tables.)
 */
final class DefaultFile {
    private DefaultFile() {
    }

    /**
     * @param url    the default SQLite URL
     * @param prefix the tracking-table prefix of the schema the command works on
     * @param name   the schema (or changelog) name, for the message
     */
    static void refuseOtherSchemas(String url, String prefix, String name) {
        String file = url.substring("jdbc:sqlite:".length());
        if (!Files.isRegularFile(Path.of(file))) {
            return;
        }
        List<String> others = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url + "?open_mode=1");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_log'"
                     + " ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                String table = rs.getString(1);
                if (!table.equalsIgnoreCase(prefix + "_log") && (table.startsWith("dbsteps_")
                        || table.equalsIgnoreCase("databasechangelog"))) {
                    others.add(table.startsWith("dbsteps_") ? table.substring(8, table.length() - 4) : table);
                }
            }
        } catch (SQLException e) {
            return; // not a database dbsteps can read: the command itself says so
        }
        if (!others.isEmpty()) {
            throw new DbStepsException(ErrorCode.INVALID_CONFIGURATION, "The default database file " + file
                    + " already holds schema " + String.join(", ", others) + ", and one default file holds one "
                    + "schema, so " + name + " was not put there; nothing was changed. Give " + name + " a file of "
                    + "its own, e.g. --url jdbc:sqlite:" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".db, or name "
                    + "the shared file with --url explicitly if the schemas are meant to share it.");
        }
    }
}
