package org.tonearm.http.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tonearm.account.Keys;
import org.tonearm.account.TokenService;
import org.tonearm.account.User;

/**
 * Every route of the management face's own route table, called as anonymous, user, admin and with a tampered, expired
 * and revoked token: public routes never ask for credentials, user routes need a valid token, admin routes an admin.
 */
class AuthorizationMatrixTest {
    private static final String PW = "matrix-password-1";

    static String concrete(String path) {
        return path.replace("{username}", "ghost").replace("{service}", "vk").replace("{name}", "main")
            .replace("{provider}", "github");
    }

    @Test
    void everyRouteAnswersEachIdentityAsItsAccessLevelSays() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider();
             ManageApp app = ManageApp.start(provider.settings())) {
            app.post("/api/auth/register", null, "{\"username\":\"admin\",\"password\":\"" + PW + "\"}");
            String adminToken = app.login("admin", PW);
            app.post("/api/auth/users/create", adminToken, "{\"username\":\"plain\",\"password\":\"" + PW + "\"}");
            User admin = app.state.accounts.users().find("admin").orElseThrow();
            TokenService past = new TokenService(Keys.jwtKey(app.dataDir.resolve("jwt.key")), Duration.ofMinutes(5),
                app.state.store.jdbc(), app.state.accounts.users(), Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
            String expired = past.issue(admin);

            Map<String, Function<Route, String>> identities = new java.util.LinkedHashMap<>();
            identities.put("anonymous", r -> null);
            identities.put("user", r -> app.login("plain", PW));
            identities.put("admin", r -> app.login("admin", PW));
            identities.put("tampered", r -> tamper(app.login("plain", PW)));
            identities.put("forged-none", r -> unsigned());
            identities.put("expired", r -> expired);
            identities.put("revoked", r -> {
                String t = app.login("admin", PW);
                assertEquals(200, app.post("/api/auth/logout", t, null).status());
                return t;
            });

            List<String> failures = new ArrayList<>();
            List<Route> table = app.face.routeTable();
            assertTrue(table.size() >= 30, "the whole face is in the table: " + table.size());
            for (Route route : table) {
                for (var identity : identities.entrySet()) {
                    String token = identity.getValue().apply(route);
                    String body = route.body() == null ? null : "{}";
                    var reply = app.send(route.method().name(), concrete(route.path()), token, body);
                    String who = identity.getKey();
                    boolean valid = who.equals("user") || who.equals("admin");
                    int expected = switch (route.access()) {
                        case PUBLIC -> -1;
                        case USER -> valid ? -1 : 401;
                        case ADMIN -> valid ? (who.equals("admin") ? -1 : 403) : 401;
                    };
                    int got = reply.status();
                    boolean ok = expected == -1 ? got != 401 && got != 403 && got < 500 : got == expected;
                    if (!ok) {
                        failures.add(route.method() + " " + route.path() + " as " + who + ": " + got + " " + reply.body());
                    }
                    if (got >= 400) {
                        assertTrue(reply.json().hasNonNull("error"), "error format on " + route.path() + ": " + reply.body());
                        assertFalse(reply.body().contains("traceback"), reply.body());
                    }
                }
            }
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void theFaceOwnsApiButLeavesTheTokenEndpointAndTheAutomationFaceAlone() {
        try (ManageApp app = ManageApp.start(Map.of())) {
            assertTrue(app.face.owns("/api/auth/status"));
            assertTrue(app.face.owns("/api/anything/else"));
            assertFalse(app.face.owns("/api/token"));
            assertFalse(app.face.owns("/api/v1/library"));
            assertFalse(app.face.owns("/v1/tracks/x"));
            for (Route r : app.face.routeTable()) {
                assertTrue(app.face.owns(r.path()), r.path());
            }
            var unknown = app.get("/api/no/such/route", null);
            assertEquals(404, unknown.status());
            assertTrue(unknown.json().hasNonNull("error"));
        }
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"role\":\"user\"", "\"role\":\"admin\"").replace("\"sub\":\"plain\"", "\"sub\":\"admin\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "." + parts[2];
    }

    private static String unsigned() {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        long exp = System.currentTimeMillis() / 1000 + 3600;
        return e.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
            + e.encodeToString(("{\"iss\":\"tonearm\",\"sub\":\"admin\",\"role\":\"admin\",\"ver\":0,\"jti\":\"x\",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
