package io.dbsteps.schemas;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * bcrypt ($2a$, $2b$, $2y$), enough to check a password against a stored hash the way the educare app would, so
 * that the tests can prove which passwords log in. The Blowfish start state is the hexadecimal fraction of pi,
 * computed here instead of copied as a table; {@link EducarePasswordTest} checks the result against published
 * test vectors. Public for the credentials check of every shipped schema ({@code io.dbsteps.reliability}).
 */
public final class EducareBcrypt {
    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int[] MAGIC = {0x4f727068, 0x65616e42, 0x65686f6c, 0x64657253, 0x63727944, 0x6f756274};
    private static final int[] PI_WORDS = piFraction(18 + 1024);

    private final int[] p = Arrays.copyOfRange(PI_WORDS, 0, 18);
    private final int[] s = Arrays.copyOfRange(PI_WORDS, 18, 18 + 1024);

    private EducareBcrypt() {
    }

    /** A new hash of the password with a random salt. */
    public static String hash(String password, int cost) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return hash(password, "$2b$" + (cost < 10 ? "0" : "") + cost + "$" + encode(salt, 16));
    }

    /** Whether the password matches the stored hash; false for anything that is not a bcrypt hash (or for null). */
    public static boolean matches(String password, String stored) {
        if (stored == null || !stored.matches("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}")) {
            return false;
        }
        return hash(password, stored.substring(0, 29)).equals(stored);
    }

    /** The hash of the password under the setting {@code $2x$NN$<22 characters of salt>}. */
    static String hash(String password, String setting) {
        int cost = Integer.parseInt(setting.substring(4, 6));
        byte[] salt = decode(setting.substring(7, 29), 16);
        byte[] key = Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), Math.min(72,
                password.getBytes(StandardCharsets.UTF_8).length + 1));
        EducareBcrypt state = new EducareBcrypt();
        state.expand(salt, key);
        for (long i = 0; i < (1L << cost); i++) {
            state.expand(null, key);
            state.expand(null, salt);
        }
        int[] text = MAGIC.clone();
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 6; j += 2) {
                state.encipher(text, j);
            }
        }
        byte[] out = new byte[24];
        for (int i = 0; i < 6; i++) {
            for (int b = 0; b < 4; b++) {
                out[i * 4 + b] = (byte) (text[i] >>> (24 - 8 * b));
            }
        }
        return setting.substring(0, 29) + encode(out, 23);
    }

    private void expand(byte[] salt, byte[] key) {
        int[] keyOffset = {0};
        int[] saltOffset = {0};
        for (int i = 0; i < p.length; i++) {
            p[i] ^= word(key, keyOffset);
        }
        int[] lr = {0, 0};
        for (int i = 0; i < p.length; i += 2) {
            mix(salt, saltOffset, lr);
            p[i] = lr[0];
            p[i + 1] = lr[1];
        }
        for (int i = 0; i < s.length; i += 2) {
            mix(salt, saltOffset, lr);
            s[i] = lr[0];
            s[i + 1] = lr[1];
        }
    }

    private void mix(byte[] salt, int[] saltOffset, int[] lr) {
        if (salt != null) {
            lr[0] ^= word(salt, saltOffset);
            lr[1] ^= word(salt, saltOffset);
        }
        encipher(lr, 0);
    }

    private void encipher(int[] lr, int off) {
        int l = lr[off] ^ p[0];
        int r = lr[off + 1];
        for (int i = 1; i <= 16; i += 2) {
            r ^= f(l) ^ p[i];
            l ^= f(r) ^ p[i + 1];
        }
        lr[off] = r ^ p[17];
        lr[off + 1] = l;
    }

    private int f(int x) {
        return ((s[x >>> 24] + s[0x100 | ((x >>> 16) & 0xff)]) ^ s[0x200 | ((x >>> 8) & 0xff)]) + s[0x300 | (x & 0xff)];
    }

    private static int word(byte[] data, int[] offset) {
        int w = 0;
        for (int i = 0; i < 4; i++) {
            w = (w << 8) | (data[offset[0]] & 0xff);
            offset[0] = (offset[0] + 1) % data.length;
        }
        return w;
    }

    /** The first {@code count} 32-bit words of the fraction of pi, by Machin's formula in fixed point. */
    private static int[] piFraction(int count) {
        int bits = count * 32;
        int scale = bits + 64;
        BigInteger one = BigInteger.ONE.shiftLeft(scale);
        BigInteger pi = arctanInverse(5, one).shiftLeft(4).subtract(arctanInverse(239, one).shiftLeft(2));
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(scale)).shiftRight(64);
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = fraction.shiftRight(bits - 32 * (i + 1)).intValue();
        }
        return words;
    }

    private static BigInteger arctanInverse(int x, BigInteger one) {
        BigInteger x2 = BigInteger.valueOf((long) x * x);
        BigInteger term = one.divide(BigInteger.valueOf(x));
        BigInteger sum = term;
        for (int k = 1; term.signum() != 0; k++) {
            term = term.divide(x2);
            BigInteger t = term.divide(BigInteger.valueOf(2L * k + 1));
            sum = k % 2 == 1 ? sum.subtract(t) : sum.add(t);
        }
        return sum;
    }

    private static String encode(byte[] d, int len) {
        StringBuilder out = new StringBuilder();
        for (int off = 0; off < len;) {
            int c1 = d[off++] & 0xff;
            out.append(ALPHABET.charAt((c1 >> 2) & 0x3f));
            c1 = (c1 & 0x03) << 4;
            if (off >= len) {
                out.append(ALPHABET.charAt(c1 & 0x3f));
                break;
            }
            int c2 = d[off++] & 0xff;
            c1 |= (c2 >> 4) & 0x0f;
            out.append(ALPHABET.charAt(c1 & 0x3f));
            c1 = (c2 & 0x0f) << 2;
            if (off >= len) {
                out.append(ALPHABET.charAt(c1 & 0x3f));
                break;
            }
            c2 = d[off++] & 0xff;
            c1 |= (c2 >> 6) & 0x03;
            out.append(ALPHABET.charAt(c1 & 0x3f));
            out.append(ALPHABET.charAt(c2 & 0x3f));
        }
        return out.toString();
    }

    private static byte[] decode(String s, int len) {
        byte[] out = new byte[len];
        int n = 0;
        for (int off = 0; off < s.length() - 1 && n < len;) {
            int c1 = ALPHABET.indexOf(s.charAt(off++));
            int c2 = ALPHABET.indexOf(s.charAt(off++));
            out[n++] = (byte) ((c1 << 2) | ((c2 & 0x30) >> 4));
            if (n >= len || off >= s.length()) {
                break;
            }
            int c3 = ALPHABET.indexOf(s.charAt(off++));
            out[n++] = (byte) (((c2 & 0x0f) << 4) | ((c3 & 0x3c) >> 2));
            if (n >= len || off >= s.length()) {
                break;
            }
            int c4 = ALPHABET.indexOf(s.charAt(off++));
            out[n++] = (byte) (((c3 & 0x03) << 6) | c4);
        }
        return out;
    }
}
