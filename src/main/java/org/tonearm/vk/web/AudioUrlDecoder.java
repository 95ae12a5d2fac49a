package org.tonearm.vk.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes VK's {@code audio_api_unavailable} links exactly as VK's own JavaScript decoder does, including its
 * JavaScript number coercions, so that even odd inputs give the same answer; malformed input comes back unchanged.
 */
public final class AudioUrlDecoder {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0PQRSTUVWXYZO123456789+/=";
    private static final String DOUBLED = ALPHABET + ALPHABET;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern RADIX = Pattern.compile("0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)");

    /** Thrown inside the decoder where VK's script would throw; the caller then keeps the input. */
    private static final class ScriptError extends RuntimeException {
        ScriptError() {
            super(null, null, false, false);
        }
    }

    private AudioUrlDecoder() {
    }

    /** Decodes {@code url} for the VK user {@code uid} (the id the page was rendered for). */
    public static String decode(String url, String uid) {
        if (!url.contains("audio_api_unavailable")) {
            return url;
        }
        try {
            return decodeOrThrow(url, toInt32(toNumber(uid)));
        } catch (ScriptError e) {
            return url;
        }
    }

    private static String decodeOrThrow(String url, int uid) {
        List<String> extra = split(url, "?extra=");
        if (extra.size() < 2) {
            throw new ScriptError();
        }
        List<String> parts = split(extra.get(1), "#");
        String opsEncoded;
        if (parts.size() < 2) {
            return url;
        } else if (parts.get(1).isEmpty()) {
            opsEncoded = "";
        } else {
            opsEncoded = base64(parts.get(1));
            if (opsEncoded == null) {
                return url;
            }
        }
        String t = base64(parts.get(0));
        if (t == null || t.isEmpty()) {
            return url;
        }
        List<String> ops = opsEncoded.isEmpty() ? List.of() : split(opsEncoded, "\t");
        for (int l = ops.size() - 1; l >= 0; l--) {
            List<String> args = split(ops.get(l), "\u000b");
            String name = args.get(0);
            String arg = args.size() > 1 ? args.get(1) : null;
            t = switch (name) {
                case "v" -> new StringBuilder(t).reverse().toString();
                case "r" -> rotate(t, arg);
                case "s" -> shuffle(t, arg == null ? Double.NaN : toNumber(arg));
                case "i" -> shuffle(t, (arg == null ? 0 : toInt32(toNumber(arg))) ^ uid);
                case "x" -> xor(t, arg);
                default -> throw new ScriptError();
            };
        }
        if (t.startsWith("http")) {
            return t;
        }
        return url;
    }

    /** JavaScript's {@code String.prototype.split} with a string separator. */
    private static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** VK's base64 variant; null where the script answers {@code false}. */
    private static String base64(String e) {
        if (e.isEmpty() || e.length() % 4 == 1) {
            return null;
        }
        StringBuilder r = new StringBuilder();
        int t = 0;
        int o = 0;
        for (int a = 0; a < e.length(); a++) {
            int i = ALPHABET.indexOf(e.charAt(a));
            if (i < 0) {
                continue;
            }
            t = o % 4 != 0 ? 64 * t + i : i;
            if (o++ % 4 != 0) {
                r.append((char) (255 & (t >> (-2 * o & 6))));
            }
        }
        return r.toString();
    }

    private static String rotate(String e, String arg) {
        double shift = arg == null ? Double.NaN : toNumber(arg);
        StringBuilder out = new StringBuilder(e.length());
        for (int a = 0; a < e.length(); a++) {
            char c = e.charAt(a);
            int i = DOUBLED.indexOf(c);
            if (i < 0) {
                out.append(c);
                continue;
            }
            out.append(substr1(DOUBLED, i - shift));
        }
        return out.toString();
    }

    /** {@code s.substr(start, 1)} with JavaScript's handling of NaN, negative and out-of-range starts. */
    private static String substr1(String s, double start) {
        double st = Double.isNaN(start) ? 0 : (start < 0 ? Math.ceil(start) : Math.floor(start));
        if (st < 0) {
            st = Math.max(s.length() + st, 0);
        }
        if (st >= s.length()) {
            return "";
        }
        return String.valueOf(s.charAt((int) st));
    }

    private static String shuffle(String e, double key) {
        int n = e.length();
        if (n == 0) {
            return e;
        }
        int[] perm = permutation(n, key);
        String[] chars = new String[n];
        for (int k = 0; k < n; k++) {
            chars[k] = String.valueOf(e.charAt(k));
        }
        Map<Integer, String> negative = new HashMap<>();
        for (int o = 1; o < n; o++) {
            int k = perm[n - 1 - o];
            String atK = k >= 0 ? chars[k] : negative.get(k);
            String old = chars[o];
            chars[o] = atK;
            if (k >= 0) {
                chars[k] = old;
            } else {
                negative.put(k, old);
            }
        }
        StringBuilder out = new StringBuilder(n);
        for (String c : chars) {
            if (c != null) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int[] permutation(int n, double key) {
        int[] perm = new int[n];
        double t = Math.abs(key);
        for (int o = n - 1; o >= 0; o--) {
            int v = (n * (o + 1)) ^ toInt32(t + o);
            v = v % n;
            perm[o] = v;
            t = v;
        }
        return perm;
    }

    private static String xor(String e, String arg) {
        if (arg == null) {
            throw new ScriptError();
        }
        int key = arg.isEmpty() ? 0 : arg.charAt(0);
        StringBuilder out = new StringBuilder(e.length());
        for (int a = 0; a < e.length(); a++) {
            out.append((char) (e.charAt(a) ^ key));
        }
        return out.toString();
    }

    /** JavaScript's ToNumber for strings. */
    static double toNumber(String s) {
        String v = jsTrim(s);
        if (v.isEmpty()) {
            return 0;
        }
        switch (v) {
            case "Infinity", "+Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        if (RADIX.matcher(v).matches()) {
            int radix = switch (v.charAt(1)) {
                case 'x', 'X' -> 16;
                case 'o', 'O' -> 8;
                default -> 2;
            };
            return new BigInteger(v.substring(2), radix).doubleValue();
        }
        if (DECIMAL.matcher(v).matches()) {
            return Double.parseDouble(v);
        }
        return Double.NaN;
    }

    private static String jsTrim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isJsSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isJsSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isJsSpace(char c) {
        return c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r' || c == ' ' || c == '\u00a0'
            || c == '\ufeff' || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /** JavaScript's ToInt32. */
    static int toInt32(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return 0;
        }
        if (Math.abs(d) < 9.0e18) {
            return (int) (long) d;
        }
        return new BigDecimal(d).toBigInteger().intValue();
    }
}
