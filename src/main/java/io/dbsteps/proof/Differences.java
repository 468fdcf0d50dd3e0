package io.dbsteps.proof;

import io.dbsteps.Drift;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Differences as the proofs report them: one line each, at most 50, then how many more there are. */
final class Differences {
    private static final int SHOWN = 50;

    private Differences() {
    }

    static String lines(List<Drift> differences) {
        return text(differences.stream().map(Drift::toString).map(String::strip).toList());
    }

    static String text(Collection<String> lines) {
        String shown = lines.stream().limit(SHOWN).collect(Collectors.joining("\n  "));
        return lines.size() > SHOWN ? shown + "\n  ... and " + (lines.size() - SHOWN) + " more" : shown;
    }
}
