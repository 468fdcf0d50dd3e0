package io.dbsteps.proof;

import io.dbsteps.Drift;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The last resort of {@link ProofTarget#reset()}, when rolling back does not restore a target: drops the views,
 * tables, indexes, sequences and enum types that appeared since the baseline, and the changelog's tracking tables,
 * so that the next proof starts from an empty history. Objects that were there before the proofs are never touched.
 */
final class TargetCleanup {
    private final String tablePrefix;

    TargetCleanup(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    /**
     * Drops what the differences from the baseline show as extra, and the tracking tables.
     *
     * @param connection a connection to the target
     * @param sinceBaseline the baseline's differences to the live schema
     */
    void dropCreatedSince(Connection connection, List<Drift> sinceBaseline) throws SQLException {
        boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        String cascade = postgres ? " CASCADE" : "";
        List<String> views = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Drift d : sinceBaseline) {
            if (d.kind() != Drift.Kind.EXTRA) {
                continue;
            }
            String[] key = d.object().split("/", 4);
            switch (key[0]) {
                case "view" -> views.add("DROP VIEW IF EXISTS " + quote(key[1]) + cascade);
                case "sequence" -> others.add("DROP SEQUENCE IF EXISTS " + quote(key[1]) + cascade);
                case "enum" -> others.add("DROP TYPE IF EXISTS " + quote(key[1]) + cascade);
                case "table" -> {
                    if (key.length == 2) {
                        tables.add("DROP TABLE IF EXISTS " + quote(key[1]) + cascade);
                    } else if (key[2].equals("index") && key.length == 4) {
                        others.add("DROP INDEX IF EXISTS " + quote(key[3]));
                    }
                }
                default -> {
                }
            }
        }
        for (String suffix : List.of("_log", "_lock", "_undo", "_release")) {
            tables.add("DROP TABLE IF EXISTS " + quote(tablePrefix + suffix) + cascade);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            for (List<String> group : List.of(views, tables, others)) {
                for (String sql : group) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        // An index or sequence can go with its table; what is really left shows in the next snapshot.
                    }
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
