package org.tonearm.vk.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test helper: encodes a real URL the way VK does, so the decoder must undo a reverse and a uid-keyed shuffle. */
public final class VkLinkEncoder {
    private static final String VK = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0PQRSTUVWXYZO123456789+/=";
    private static final String STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private VkLinkEncoder() {
    }

    public static String encode(String url, long uid, int key) {
        String reversed = new StringBuilder(url).reverse().toString();
        String payload = unshuffle(reversed, key ^ (int) uid);
        String ops = "v\ti\u000b" + key;
        return "https://m.vk.com/mp3/audio_api_unavailable.mp3?extra=" + b64(payload) + "#" + b64(ops);
    }

    private static String b64(String latin1) {
        String std = Base64.getEncoder().withoutPadding().encodeToString(latin1.getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        for (char c : std.toCharArray()) {
            out.append(VK.charAt(STD.indexOf(c)));
        }
        return out.toString();
    }

    /** The inverse of VK's {@code s} operation: the same swaps in reverse order. */
    private static String unshuffle(String s, int key) {
        int n = s.length();
        int[] perm = new int[n];
        long t = Math.abs((long) key);
        for (int o = n - 1; o >= 0; o--) {
            int v = (n * (o + 1)) ^ (int) (t + o);
            v = v % n;
            perm[o] = v;
            t = v;
        }
        char[] e = s.toCharArray();
        for (int o = n - 1; o >= 1; o--) {
            int k = perm[n - 1 - o];
            char tmp = e[o];
            e[o] = e[k];
            e[k] = tmp;
        }
        return new String(e);
    }
}
