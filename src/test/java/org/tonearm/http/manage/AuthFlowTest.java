package org.tonearm.http.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Accounts over real HTTP: first admin, login, sessions, password and role changes, admin management, rate limits. */
class AuthFlowTest {
    private static final String PW = "correct-horse-1";

    @Test
    void firstRegistrationBecomesAdminAndLaterOnesAreRefusedWhenRegistrationIsOff() {
        try (ManageApp app = ManageApp.start(Map.of())) {
            var status = app.get("/api/auth/status", null).json();
            assertTrue(status.get("auth_enabled").asBoolean());
            assertFalse(status.get("authenticated").asBoolean());
            assertTrue(status.get("registration_enabled").asBoolean(), "open while there is no account");

            var first = app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\",\"email\":\"a@example.org\"}");
            assertEquals(200, first.status(), first.body());
            assertEquals("admin", first.json().at("/user/role").asText());
            assertFalse(first.body().contains("password"), "no hash or password in the answer");

            var second = app.post("/api/auth/register", null, "{\"username\":\"bob\",\"password\":\"" + PW + "\"}");
            assertEquals(403, second.status());
            assertEquals("Registration is disabled", second.json().get("error").asText());
            assertFalse(app.get("/api/auth/status", null).json().get("registration_enabled").asBoolean());
        }
    }

    @Test
    void loginProfileLogoutAndTheRevokedTokenStopsWorking() {
        try (ManageApp app = ManageApp.start(Map.of("auth.registration", "true"))) {
            app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            var reg = app.post("/api/auth/register", null, "{\"username\":\"bob\",\"password\":\"" + PW + "\"}");
            assertEquals("user", reg.json().at("/user/role").asText());

            var login = app.post("/api/auth/login", null, "{\"username\":\"bob\",\"password\":\"" + PW + "\"}");
            assertEquals(200, login.status());
            assertEquals("bearer", login.json().get("token_type").asText());
            assertNotNull(login.json().at("/user/last_login").textValue());
            String token = login.json().get("access_token").asText();

            var status = app.get("/api/auth/status", token).json();
            assertTrue(status.get("authenticated").asBoolean());
            assertEquals("bob", status.at("/user/username").asText());
            assertEquals("bob", app.get("/api/auth/profile", token).json().get("username").asText());

            assertEquals(200, app.post("/api/auth/logout", token, null).status());
            var after = app.get("/api/auth/profile", token);
            assertEquals(401, after.status());
            assertEquals("Bearer", after.header("WWW-Authenticate"));
            assertFalse(app.get("/api/auth/status", token).json().get("authenticated").asBoolean());
        }
    }

    @Test
    void theSameFlowWorksWithTheStateInPostgres() {
        String url = org.tonearm.store.EmbeddedPostgresServer.freshDatabaseUrl();
        java.nio.file.Path keys;
        try (ManageApp app = ManageApp.start(Map.of("db.url", url))) {
            keys = app.dataDir;
            assertEquals("POSTGRES", app.state.store.kind().name());
            app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            String token = app.login("alice", PW);
            assertEquals(200, app.post("/api/credentials/vk/main", token, "{\"access_token\":\"token-1234567890\"}").status());
            assertEquals(200, app.put("/api/config/", token, "{\"maxConcurrentDownloads\":7}").status());
            assertEquals(200, app.post("/api/auth/logout", token, null).status());
            assertEquals(401, app.get("/api/auth/profile", token).status());
        }
        // a second node (its own data folder, the same database and key files) sees the same accounts, credentials and
        // configuration, and accepts tokens the first node issued
        String firstNodeToken;
        try (ManageApp first = ManageApp.start(keys, Map.of("db.url", url))) {
            firstNodeToken = first.login("alice", PW);
        }
        try (ManageApp other = ManageApp.start(Map.of("db.url", url, "auth.jwt-key-file", keys.resolve("jwt.key").toString(),
            "credentials.key-file", keys.resolve("secret.key").toString()))) {
            assertEquals(200, other.get("/api/auth/profile", firstNodeToken).status());
            String token = other.login("alice", PW);
            assertEquals(7, other.get("/api/config/", token).json().get("maxConcurrentDownloads").asInt());
            assertEquals("********7890", other.get("/api/credentials/vk/main", token).json().get("access_token").asText());
        }
    }

    @Test
    void wrongPasswordIs401AndBruteForceGets429WithRetryAfter() {
        try (ManageApp app = ManageApp.start(Map.of("auth.login.max-failures-per-user", "3"))) {
            app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            for (int i = 0; i < 3; i++) {
                var r = app.post("/api/auth/login", null, "{\"username\":\"alice\",\"password\":\"guess" + i + "xxxx\"}");
                assertEquals(401, r.status());
                assertEquals("Invalid username or password", r.json().get("error").asText());
            }
            var limited = app.post("/api/auth/login", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            assertEquals(429, limited.status(), "even the right password is refused while limited");
            long retry = Long.parseLong(limited.header("Retry-After"));
            assertTrue(retry > 0 && retry <= 900, "Retry-After " + retry);
            var unknown = app.post("/api/auth/login", null, "{\"username\":\"nobody\",\"password\":\"whatever123\"}");
            assertEquals(401, unknown.status(), "other names are not locked by alice's failures");
        }
    }

    @Test
    void manyNamesFromOneAddressAreLimitedPerAddress() {
        try (ManageApp app = ManageApp.start(Map.of("auth.login.max-failures-per-address", "4"))) {
            for (int i = 0; i < 4; i++) {
                assertEquals(401, app.post("/api/auth/login", null, "{\"username\":\"u" + i + "\",\"password\":\"xxxxxxxx\"}").status());
            }
            var limited = app.post("/api/auth/login", null, "{\"username\":\"fresh\",\"password\":\"xxxxxxxx\"}");
            assertEquals(429, limited.status());
            assertNotNull(limited.header("Retry-After"));
        }
    }

    @Test
    void changingThePasswordOrRoleInvalidatesOlderTokens() {
        try (ManageApp app = ManageApp.start(Map.of())) {
            app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            String admin = app.login("alice", PW);
            assertEquals(200, app.post("/api/auth/users/create", admin,
                "{\"username\":\"bob\",\"password\":\"" + PW + "\",\"role\":\"user\"}").status());
            String bob1 = app.login("bob", PW);
            String bob2 = app.login("bob", PW);

            var wrong = app.put("/api/auth/profile/password", bob1, "{\"current_password\":\"nope-nope\",\"new_password\":\"new-password-2\"}");
            assertEquals(401, wrong.status());
            var changed = app.put("/api/auth/profile/password", bob1, "{\"current_password\":\"" + PW + "\",\"new_password\":\"new-password-2\"}");
            assertEquals(200, changed.status(), changed.body());
            String bob3 = changed.json().get("access_token").asText();
            assertEquals(401, app.get("/api/auth/profile", bob1).status());
            assertEquals(401, app.get("/api/auth/profile", bob2).status());
            assertEquals(200, app.get("/api/auth/profile", bob3).status());
            assertEquals(401, app.post("/api/auth/login", null, "{\"username\":\"bob\",\"password\":\"" + PW + "\"}").status());
            app.login("bob", "new-password-2");

            assertEquals(200, app.put("/api/auth/users/bob/role", admin, "{\"role\":\"admin\"}").status());
            assertEquals(401, app.get("/api/auth/profile", bob3).status(), "role change signs out old tokens");
            String bobAdmin = app.login("bob", "new-password-2");
            assertEquals(200, app.get("/api/auth/users", bobAdmin).status());

            assertEquals(200, app.put("/api/auth/users/bob/password", admin, "{\"new_password\":\"reset-by-admin\"}").status());
            assertEquals(401, app.get("/api/auth/users", bobAdmin).status());
            app.login("bob", "reset-by-admin");
        }
    }

    @Test
    void theLastAdminCannotBeDeletedOrDemoted() {
        try (ManageApp app = ManageApp.start(Map.of())) {
            app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            String admin = app.login("alice", PW);
            var demote = app.put("/api/auth/users/alice/role", admin, "{\"role\":\"user\"}");
            assertEquals(409, demote.status());
            assertEquals("Cannot demote the last admin", demote.json().get("error").asText());
            assertEquals(409, app.delete("/api/auth/users/alice", admin).status());

            app.post("/api/auth/users/create", admin, "{\"username\":\"carol\",\"password\":\"" + PW + "\",\"role\":\"admin\"}");
            var list = app.get("/api/auth/users", admin).json();
            assertEquals(2, list.size());
            assertEquals(409, app.post("/api/auth/users/create", admin,
                "{\"username\":\"carol\",\"password\":\"" + PW + "\"}").status(), "duplicate name");
            assertEquals(404, app.delete("/api/auth/users/nobody", admin).status());
            assertEquals(200, app.delete("/api/auth/users/alice", admin).status());
            assertEquals(401, app.get("/api/auth/profile", admin).status(), "a deleted user's token is dead");
            String carol = app.login("carol", PW);
            assertEquals(409, app.delete("/api/auth/users/carol", carol).status());
        }
    }

    @Test
    void withAuthDisabledEveryRequestActsAsTheSystemAdmin() {
        try (ManageApp app = ManageApp.start(Map.of("auth.enabled", "false"))) {
            var status = app.get("/api/auth/status", null).json();
            assertFalse(status.get("auth_enabled").asBoolean());
            assertTrue(status.get("authenticated").asBoolean());
            assertEquals("admin", status.at("/user/role").asText());
            assertEquals(200, app.get("/api/auth/users", null).status());
            assertEquals(200, app.get("/api/credentials/all/vk", null).status());
            assertEquals("system", app.get("/api/auth/profile", null).json().get("username").asText());
        }
    }

    @Test
    void theFirstAdminCanComeFromTheEnvironment() {
        try (ManageApp app = ManageApp.start(Map.of("admin.user", "root", "admin.password", "from-the-env-1"))) {
            String token = app.login("root", "from-the-env-1");
            assertEquals("admin", app.get("/api/auth/profile", token).json().get("role").asText());
            assertFalse(app.get("/api/auth/status", null).json().get("registration_enabled").asBoolean());
        }
    }

    @Test
    void passwordsAndTokensNeverAppearInTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String token;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ManageApp app = ManageApp.start(Map.of())) {
            app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            token = app.login("alice", PW);
            app.post("/api/auth/login", null, "{\"username\":\"alice\",\"password\":\"wrong-secret-99\"}");
            app.post("/api/credentials/vk/main", token, "{\"login\":\"me\",\"password\":\"vk-secret-password-77\"}");
            app.put("/api/auth/profile/password", token, "{\"current_password\":\"" + PW + "\",\"new_password\":\"next-secret-55\"}");
            app.post("/api/auth/logout", token, null);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("alice"), "the log does say what happened");
        for (String secret : new String[] {PW, "wrong-secret-99", "vk-secret-password-77", "next-secret-55", token}) {
            assertFalse(log.contains(secret), "secret in the log: " + secret);
        }
    }
}
