package org.tonearm.vk;

import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** Masks tokens, passwords, codes and cookies before anything reaches a log line or an exception message. */
final class Secrets {
    static final Set<String> SECRET_KEYS = Set.of("access_token", "password", "pass", "client_secret", "code",
            "captcha_key", "token", "cookie", "remixsid");

    /** Keys whose values may show a short prefix; passwords, codes and cookies never show anything. */
    private static final Set<String> TOKEN_KEYS = Set.of("access_token", "token");

    private Secrets() {
    }

    /** Shows at most a short prefix, so two tokens can be told apart in logs but never reused. */
    static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "<none>";
        }
        return secret.length() >= 16 ? secret.substring(0, 4) + "...(" + secret.length() + " chars)" : "***";
    }

    static String params(Map<String, String> params) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        params.forEach((k, v) -> j.add(k + "=" + (TOKEN_KEYS.contains(k) ? mask(v) : SECRET_KEYS.contains(k) ? "***" : abbreviate(v))));
        return j.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
    }
}
