package org.tonearm.vk.web;

import java.util.ArrayList;
import java.util.List;

/** One VK login (phone or email) and its password; {@link #toString()} never shows the password. */
public record VkAccount(String login, String password) {

    /** Parses {@code login:password,login2:password2}; a password may itself contain ':'. */
    public static List<VkAccount> parseList(String spec) {
        List<VkAccount> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String item : spec.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("each account must be login:password, got '" + masked(s) + "'");
            }
            out.add(new VkAccount(s.substring(0, colon), s.substring(colon + 1)));
        }
        return out;
    }

    /** The login with its middle hidden, safe for logs and API answers. */
    public String maskedLogin() {
        return masked(login);
    }

    private static String masked(String s) {
        int colon = s.indexOf(':');
        String l = colon > 0 ? s.substring(0, colon) : s;
        if (l.length() <= 4) {
            return l.charAt(0) + "***";
        }
        return l.substring(0, 2) + "***" + l.substring(l.length() - 2);
    }

    @Override
    public String toString() {
        return "VkAccount[" + maskedLogin() + "]";
    }
}
