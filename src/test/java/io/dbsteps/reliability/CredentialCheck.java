package io.dbsteps.reliability;

import io.dbsteps.schemas.EducareBcrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds default credentials: in a database, every value of a column that looks like it holds a credential that
 * lets a guessable password in; in a changelog's text, every password hash written into it and every guessable
 * password given as a value.
 *
 * <p>A stored value lets a password in when it is the password itself (compared as an application comparing plain
 * text would, ignoring case to be strict), a bcrypt hash that verifies (checked with {@link EducareBcrypt}), or an
 * unsalted MD5, SHA-1, SHA-256 or SHA-512 digest of it in hex or Base64, optionally with an LDAP-style
 * {@code {SHA}} prefix. A password hash in a format this check cannot verify (argon2, crypt's $1$/$5$/$6$/$y$,
 * PBKDF2, scrypt) counts as a default credential too: a changelog never stores a hash it made; the host supplies
 * one.
 */
final class CredentialCheck {
    /** Column names that hold credentials. */
    static final Pattern CREDENTIAL_COLUMN = Pattern.compile("(?i)pass|pwd|hash|secret|token|credential");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    private static final Pattern OTHER_HASH = Pattern.compile(
            "\\$argon2(?:id|i|d)\\$[^\\s'\"]+|\\$(?:1|5|6|y|md5|sha1|gy|7)\\$[^\\s'\"$]*\\$[./A-Za-z0-9$]{8,}"
                    + "|\\$?pbkdf2[-_](?:sha1|sha256|sha512)\\$\\d+\\$[^\\s'\"]+|\\$scrypt\\$[^\\s'\"]+"
                    + "|\\{(?:SSHA|SSHA256|SSHA512|CRYPT|PBKDF2[^}]*)\\}[^\\s'\"]+");
    private static final Pattern QUOTED = Pattern.compile("'([^'\\n]*)'|\"([^\"\\n]*)\"");
    private static final Pattern YAML_PLAIN_VALUE = Pattern.compile("(?m):[ \\t]+([^\\s#'\"{\\[|>&*!][^#\\n]*?)[ \\t]*$");
    private static final String[] DIGESTS = {"MD5", "SHA-1", "SHA-256", "SHA-512"};
    /** The hex and Base64 lengths of those digests. */
    private static final Pattern DIGEST_SHAPED = Pattern.compile(
            "[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}|[A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{27}="
                    + "|[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{86}==");

    private CredentialCheck() {
    }

    /** What lets a guessable password in, for every credential-like column of every table; empty if nothing. */
    static List<String> usableCredentials(Connection c, String schema) throws SQLException {
        List<String> findings = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        boolean postgres = md.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, postgres ? c.getSchema() : null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        for (String table : tables) {
            List<String> credentialColumns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, postgres ? c.getSchema() : null, table, "%")) {
                while (rs.next()) {
                    if (CREDENTIAL_COLUMN.matcher(rs.getString("COLUMN_NAME")).find()) {
                        credentialColumns.add(rs.getString("COLUMN_NAME"));
                    }
                }
            }
            if (!credentialColumns.isEmpty()) {
                findings.addAll(scanTable(c, schema, table, credentialColumns));
            }
        }
        return findings;
    }

    private static List<String> scanTable(Connection c, String schema, String table, List<String> credentialColumns)
            throws SQLException {
        List<String> findings = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            int rowNumber = 0;
            while (rs.next()) {
                rowNumber++;
                Map<String, String> others = new LinkedHashMap<>();
                Map<String, String> credentials = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    String name = meta.getColumnName(i);
                    boolean credential = credentialColumns.stream().anyMatch(name::equalsIgnoreCase);
                    if (value instanceof String s) {
                        (credential ? credentials : others).put(name, s);
                    } else if (value != null && !credential) {
                        others.put(name, value.toString());
                    }
                }
                if (credentials.isEmpty()) {
                    continue;
                }
                List<String> guesses = GuessablePasswords.forRow(schema, others);
                for (Map.Entry<String, String> e : credentials.entrySet()) {
                    Optional<String> how = usableWith(e.getValue(), guesses);
                    if (how.isPresent()) {
                        findings.add(table + "." + e.getKey() + " in row " + rowNumber + " " + others + ": "
                                + how.get());
                    }
                }
            }
        }
        return findings;
    }

    /** How the stored value lets one of the guesses in, if it does. */
    static Optional<String> usableWith(String stored, List<String> guesses) {
        if (stored == null) {
            return Optional.empty();
        }
        for (String guess : guesses) {
            if (stored.equalsIgnoreCase(guess)) {
                return Optional.of("the password '" + guess + "' stored as plain text");
            }
        }
        if (BCRYPT.matcher(stored).matches()) {
            for (String guess : guesses) {
                if (EducareBcrypt.matches(guess, stored)) {
                    return Optional.of("a bcrypt hash of the password '" + guess + "'");
                }
            }
            return Optional.empty();
        }
        if (OTHER_HASH.matcher(stored).matches()) {
            return Optional.of("a password hash this check cannot verify; a changelog must not store one");
        }
        String bare = stored.replaceFirst("^\\{(?:MD5|SHA|SHA256|SHA512|SHA-256|SHA-512)\\}", "");
        if (!DIGEST_SHAPED.matcher(bare).matches()) {
            return Optional.empty();
        }
        for (String guess : guesses) {
            for (String algorithm : DIGESTS) {
                byte[] d = digest(algorithm, guess);
                if (bare.equalsIgnoreCase(HexFormat.of().formatHex(d)) || bare.equals(Base64.getEncoder().encodeToString(d))) {
                    return Optional.of("an unsalted " + algorithm + " digest of the password '" + guess + "'");
                }
            }
        }
        return Optional.empty();
    }

    /** Password hashes and guessable passwords written into a changelog's text, each with its line. */
    static List<String> literalCredentials(String file, String text) {
        List<String> findings = new ArrayList<>();
        for (Pattern hash : new Pattern[] {BCRYPT, OTHER_HASH}) {
            Matcher m = hash.matcher(text);
            while (m.find()) {
                findings.add(file + ":" + line(text, m.start()) + ": a password hash written into the changelog: "
                        + m.group());
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String guess : GuessablePasswords.COMMON) {
            if (guess.isEmpty()) {
                continue;
            }
            for (String algorithm : DIGESTS) {
                byte[] d = digest(algorithm, guess);
                for (String form : List.of(HexFormat.of().formatHex(d), Base64.getEncoder().encodeToString(d))) {
                    int at = form.matches("[0-9a-f]+") ? lower.indexOf(form) : text.indexOf(form);
                    if (at >= 0) {
                        findings.add(file + ":" + line(text, at) + ": an unsalted " + algorithm + " digest of '"
                                + guess + "'");
                    }
                }
            }
        }
        for (Pattern literal : new Pattern[] {QUOTED, YAML_PLAIN_VALUE}) {
            Matcher m = literal.matcher(text);
            while (m.find()) {
                String value = (m.group(1) != null || m.groupCount() < 2 ? m.group(1) : m.group(2)).trim();
                for (String guess : GuessablePasswords.PASSWORD_LIKE) {
                    if (value.equalsIgnoreCase(guess)) {
                        findings.add(file + ":" + line(text, m.start()) + ": the guessable password '" + value
                                + "' written into the changelog");
                    }
                }
            }
        }
        return findings;
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
