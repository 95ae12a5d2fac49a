package org.tonearm.http.manage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local OAuth 2.0 provider on a real socket, shaped like GitHub or (with {@code google}) like Google: {@code /authorize}
 * consents (or denies) and redirects back with a one-time code, {@code /token} checks client credentials, redirect URI and
 * the PKCE verifier and issues an access token, {@code /user} answers the profile for that token. GitHub reports a bad
 * code as HTTP 200 with an error member and profiles carry {@code id}/{@code login}; Google answers 400
 * {@code invalid_grant} and OpenID {@code sub}/{@code email}.
 */
final class FakeOAuthProvider implements AutoCloseable {
    static final String CLIENT_ID = "fake-client";
    static final String CLIENT_SECRET = "fake-client-secret-123456";

    private record Grant(String redirectUri, String challenge, String method, String subject) {
    }

    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    volatile boolean deny;
    volatile String nextSubject = "1001";
    volatile String nextLogin = "octocat";
    volatile String lastChallengeMethod;
    private final boolean google;

    FakeOAuthProvider() {
        this(false);
    }

    FakeOAuthProvider(boolean google) {
        this.google = google;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/user", this::user);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String name() {
        return google ? "google" : "github";
    }

    /** Settings pointing Tonearm's GitHub (or Google) provider at this fake. */
    Map<String, String> settings() {
        String p = "sso." + name() + ".";
        return Map.of(
            p + "client-id", CLIENT_ID,
            p + "client-secret", CLIENT_SECRET,
            p + "authorize-url", base() + "/authorize",
            p + "token-url", base() + "/token",
            p + "userinfo-url", base() + "/user");
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        String state = q.get("state");
        if (!CLIENT_ID.equals(q.get("client_id")) || redirect == null || !"code".equals(q.get("response_type"))) {
            reply(ex, 400, "text/plain", "bad authorization request");
            return;
        }
        lastChallengeMethod = q.get("code_challenge_method");
        String location;
        if (deny) {
            location = redirect + "?error=access_denied&state=" + enc(state);
        } else {
            String code = UUID.randomUUID().toString();
            codes.put(code, new Grant(redirect, q.get("code_challenge"), q.get("code_challenge_method"), nextSubject));
            location = redirect + "?code=" + enc(code) + "&state=" + enc(state);
        }
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            reply(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        // codes are single use: a replayed code finds nothing
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))
            || !"authorization_code".equals(form.get("grant_type"))
            || !"S256".equals(grant.method()) || !s256(form.getOrDefault("code_verifier", "")).equals(grant.challenge())) {
            if (google) {
                reply(ex, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}");
            } else {
                reply(ex, 200, "application/json", "{\"error\":\"bad_verification_code\",\"error_description\":\"The code is incorrect or expired.\"}");
            }
            return;
        }
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, grant.subject());
        reply(ex, 200, "application/json", "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"read:user\"}");
    }

    private void user(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String subject = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        if (subject == null) {
            reply(ex, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        if (google) {
            reply(ex, 200, "application/json", "{\"sub\":\"" + subject + "\",\"email\":\"" + nextLogin
                + "@gmail.example\",\"email_verified\":true,\"name\":\"Some Body\"}");
        } else {
            reply(ex, 200, "application/json", "{\"id\":" + subject + ",\"login\":\"" + nextLogin + "\",\"email\":\""
                + nextLogin + "@example.org\"}");
        }
    }

    private static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    static Map<String, String> query(URI uri) {
        return query(uri.getRawQuery());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
