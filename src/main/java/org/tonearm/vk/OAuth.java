package org.tonearm.vk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What both auth helpers share: reading OAuth token answers and query strings, checking a token's rights. */
final class OAuth {
    private OAuth() {
    }

    /** {@code {"access_token", "expires_in", "user_id"}}, or the OAuth {@code error} as an exception. */
    static VkToken token(JsonNode j, Instant now, Rights scope, String what) {
        if (j.hasNonNull("access_token") && j.get("access_token").isTextual() && !j.get("access_token").asText().isBlank()) {
            return VkToken.fromAnswer(j.get("access_token").asText(), j.path("user_id").asLong(0), j.path("expires_in").asLong(0), now, scope);
        }
        if (j.hasNonNull("error") && j.get("error").isTextual()) {
            throw new VkException.Auth(j.get("error").asText(), j.path("error_description").asText(""));
        }
        throw new VkException.Protocol(what + " has neither access_token nor error: " + Secrets.abbreviate(j.toString()));
    }

    /** The token in a redirect fragment ({@code #access_token=...&expires_in=...&user_id=...}). */
    static VkToken fromFragment(URI target, Instant now, Rights scope) {
        Map<String, String> f = query(target.getRawFragment());
        if (f.containsKey("error")) {
            throw new VkException.Auth(f.get("error"), f.getOrDefault("error_description", ""));
        }
        String token = f.get("access_token");
        if (token == null || token.isBlank()) {
            throw new VkException.Protocol("VK redirected to the app without a token (" + VkHttp.redactUri(target) + ")");
        }
        try {
            return VkToken.fromAnswer(token, Long.parseLong(f.getOrDefault("user_id", "0")), Long.parseLong(f.getOrDefault("expires_in", "0")), now, scope);
        } catch (NumberFormatException e) {
            throw new VkException.Protocol("VK's token redirect has a malformed user_id or expires_in", e);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The rights VK really granted ({@code account.getAppPermissions}); throws error 5 for a dead token. */
    static Rights checkToken(VkConfig config, VkHttp http, VkToken token) {
        VkApi probe = new VkApi(config.withRecovery(true, false, false, false).withRaw(false), http, token, Input.none(), Sleeper.SYSTEM, null);
        JsonNode r = probe.call("account.getAppPermissions");
        if (r == null || !r.isIntegralNumber()) {
            throw new VkException.Protocol("account.getAppPermissions did not answer a number: " + r);
        }
        return new Rights(r.asLong());
    }
}
