package io.dbsteps.cli;

import io.dbsteps.UnverifiedRelease;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** How status and history show a guarded release whose health check has not passed. */
final class UnverifiedLine {
    private UnverifiedLine() {
    }

    /** Prints the warning line, if there is an unverified release. */
    static void print(PrintWriter out, Style style, String schema, UnverifiedRelease u) {
        if (u == null) {
            return;
        }
        out.printf("%s: %s: %s. Rerun 'release --to %s' to finish its check, or 'rollback --to %s'.%n", schema,
                style.attention("UNVERIFIED RELEASE"), u.describe(), u.target(),
                u.preReleaseTag() == null ? "(none: the database was empty)" : u.preReleaseTag());
    }

    /** The JSON value: null, or the release's target, pre-release tag, start and owner. */
    static Map<String, Object> json(UnverifiedRelease u) {
        if (u == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", u.target());
        m.put("preReleaseTag", u.preReleaseTag());
        m.put("startedAt", u.startedAt());
        m.put("owner", u.owner());
        return m;
    }
}
