package io.dbsteps.internal.command;

import io.dbsteps.DbStepsException;
import io.dbsteps.ErrorCode;
import io.dbsteps.internal.config.Settings;
import java.util.regex.Pattern;

/** The checks of a command's arguments, made before anything runs; a refusal names the schema. */
public final class Arguments {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Settings settings;

    public Arguments(Settings settings) {
        this.settings = settings;
    }

    public void checkTagName(String tag) {
        if (tag == null || tag.isBlank()) {
            throw invalid("the tag is empty. Give a tag name such as 1.0");
        }
        if (!TAG.matcher(tag).matches()) {
            throw invalid("tag '" + printable(tag) + "' is not a valid tag name. Use letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit, at most 100 characters");
        }
    }

    public DbStepsException invalid(String why) {
        return new DbStepsException(ErrorCode.INVALID_ARGUMENT, "Schema " + settings.schema() + ": " + why + ".");
    }

    private static String printable(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
