package io.dbsteps.reliability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Passwords an attacker tries first: vendor defaults, the top of leaked-password lists, the source documents' own
 * examples (admin123, teacher123, student123), and, for one account, what its own row says (the username, the
 * e-mail and its local part, the name, each also with "123").
 */
final class GuessablePasswords {
    /** Guesses for any account. The empty string counts: an empty stored password lets an empty login in. */
    static final List<String> COMMON = List.of("", "admin", "admin123", "administrator", "password", "password1",
            "password123", "Password1", "Passw0rd", "P@ssw0rd", "123456", "12345678", "123456789", "1234", "12345",
            "qwerty", "letmein", "welcome", "changeme", "changeit", "secret", "default", "root", "toor", "test",
            "test123", "guest", "user", "demo", "pass", "teacher123", "student123", "abc123", "iloveyou", "dbsteps");

    /**
     * The common guesses that are not also ordinary words in a changelog (a role 'admin', a username 'root', a
     * status 'default'): a quoted literal equal to one of these in a changelog's text is a password.
     */
    static final List<String> PASSWORD_LIKE = List.of("admin123", "password", "password1", "password123",
            "Password1", "Passw0rd", "P@ssw0rd", "123456", "12345678", "123456789", "qwerty", "letmein", "changeme",
            "changeit", "toor", "test123", "teacher123", "student123", "abc123", "iloveyou");

    private GuessablePasswords() {
    }

    /** The common guesses, the schema's name, and what the row says about its account. */
    static List<String> forRow(String schema, Map<String, String> row) {
        Set<String> out = new LinkedHashSet<>(COMMON);
        out.add(schema);
        out.add(schema + "123");
        for (String value : row.values()) {
            if (value == null || value.isBlank() || value.length() > 100) {
                continue;
            }
            List<String> forms = new ArrayList<>(List.of(value.trim()));
            int at = value.indexOf('@');
            if (at > 0) {
                forms.add(value.substring(0, at).trim());
            }
            for (String form : forms) {
                out.add(form);
                out.add(form.toLowerCase(Locale.ROOT));
                out.add(form + "123");
            }
        }
        return List.copyOf(out);
    }
}
