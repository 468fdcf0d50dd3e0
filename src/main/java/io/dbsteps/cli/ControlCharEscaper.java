package io.dbsteps.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the CLI prints passes through here, so that text from the database (a tag, a changeset id, an error
 * message written by another client) cannot drive the terminal: control characters other than line breaks and tabs
 * are printed as {@code \x1B}-style escapes. With colour on, the CLI's own colour codes (SGR sequences such as
 * {@code ESC[31m}) pass; any other escape sequence, a bell or a title change, does not.
 */
final class ControlCharEscaper extends FilterWriter {
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]{0,16}m");
    private final boolean colour;

    ControlCharEscaper(Writer out, boolean colour) {
        super(out);
        this.colour = colour;
    }

    /** The text with control characters escaped; SGR colour sequences kept only when colour is on. */
    static String escape(String text, boolean colour) {
        StringBuilder b = new StringBuilder(text.length());
        Matcher sgr = SGR.matcher(text);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u001b' && colour && sgr.find(i) && sgr.start() == i) {
                b.append(text, i, sgr.end());
                i = sgr.end() - 1;
            } else if (c == '\n' || c == '\r' || c == '\t' || !Character.isISOControl(c)) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02X", (int) c));
            }
        }
        return b.toString();
    }

    @Override
    public void write(int c) throws IOException {
        out.write(escape(String.valueOf((char) c), false));
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        out.write(escape(new String(buf, off, len), colour));
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        out.write(escape(s.substring(off, off + len), colour));
    }
}
