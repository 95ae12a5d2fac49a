package org.tonearm.http.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GitHub-style sign-in end to end against a local fake OAuth provider: real codes and tokens over real sockets. */
class SsoFlowTest {
    private static final String PW = "sso-test-password";
    /** The public address the provider sends the browser back to; the test's "browser" maps it to the app's port. */
    private static final String CALLBACK_BASE = "http://tonearm.test:8080";

    /** Plays the browser: our login redirect, the provider's consent redirect; returns the callback URL we are sent to. */
    private static String consent(ManageApp app, String token) {
        return consent(app, token, "github");
    }

    private static String consent(ManageApp app, String token, String provider) {
        var start = app.get("/api/auth/sso/login/" + provider, token);
        assertEquals(302, start.status(), start.body());
        String authorize = start.header("Location");
        Map<String, String> q = FakeOAuthProvider.query(URI.create(authorize));
        assertEquals("S256", q.get("code_challenge_method"));
        assertFalse(q.getOrDefault("code_challenge", "").isEmpty());
        assertFalse(q.getOrDefault("state", "").isEmpty());
        assertEquals(CALLBACK_BASE + "/api/auth/sso/callback/" + provider, q.get("redirect_uri"));
        var consent = app.get(authorize, null);
        assertEquals(302, consent.status());
        return consent.header("Location");
    }

    private static String local(ManageApp app, String callback) {
        URI u = URI.create(callback);
        return app.base() + u.getRawPath() + "?" + u.getRawQuery();
    }

    @Test
    void signInCreatesAnAccountAndASecondSignInFindsIt() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            var status = app.get("/api/auth/sso/status", null).json();
            assertTrue(status.get("sso_enabled").asBoolean());
            assertEquals("github", status.at("/providers/1/name").asText());
            assertTrue(status.at("/providers/1/enabled").asBoolean());
            assertFalse(status.at("/providers/0/enabled").asBoolean(), "google has no client credentials");
            assertEquals("[\"github\"]", app.get("/api/auth/status", null).json().get("sso_providers").toString());

            var done = app.get(local(app, consent(app, null)), null);
            assertEquals(200, done.status(), done.body());
            String token = done.json().get("access_token").asText();
            var profile = app.get("/api/auth/profile", token).json();
            assertEquals("octocat", profile.get("username").asText());
            assertEquals("github", profile.get("sso_provider").asText());
            assertTrue(profile.get("is_sso_user").asBoolean());
            assertEquals("admin", profile.get("role").asText(), "the very first account is the admin");

            var again = app.get(local(app, consent(app, null)), null);
            assertEquals("octocat", again.json().at("/user/username").asText());
            assertEquals(1, app.state.accounts.list().size());
        }
    }

    @Test
    void googleStyleSignInAndAReplayedCodeWithGooglesErrorFormat() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(true); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            provider.nextLogin = "some.body";
            String callback = consent(app, null, "google");
            var done = app.get(local(app, callback), null);
            assertEquals(200, done.status(), done.body());
            assertEquals("some.body", done.json().at("/user/username").asText());
            assertEquals("some.body@gmail.example", done.json().at("/user/email").asText());
            assertEquals("google", done.json().at("/user/sso_provider").asText());

            String code = FakeOAuthProvider.query(URI.create(callback)).get("code");
            String stitched = consent(app, null, "google").replaceAll("code=[^&]+", "code=" + code);
            var replay = app.get(local(app, stitched), null);
            assertEquals(401, replay.status(), replay.body());
            assertTrue(replay.json().get("error").asText().contains("invalid_grant"), replay.body());
        }
    }

    @Test
    void aForgedStateIsRefusedAndNoAccountIsCreated() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            String callback = consent(app, null);
            String forged = callback.replaceAll("state=[^&]+", "state=forged-by-attacker");
            var r = app.get(local(app, forged), null);
            assertEquals(400, r.status());
            assertTrue(r.json().get("error").asText().contains("state"), r.body());
            var missing = app.get("/api/auth/sso/callback/github?code=abc", null);
            assertEquals(400, missing.status());
            assertEquals(0, app.state.accounts.list().size());
        }
    }

    @Test
    void aCallbackUrlOpenedInAnotherBrowserIsRefused() throws Exception {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            // login CSRF: the attacker starts a sign-in and sends the callback link to a victim
            String callback = consent(app, null);
            var victim = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(local(app, callback))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(400, victim.statusCode(), victim.body());
            assertTrue(victim.body().contains("another browser"), victim.body());
            assertEquals(0, app.state.accounts.list().size());
        }
    }

    @Test
    void aReplayedCallbackOrCodeIsRefused() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            String callback = consent(app, null);
            assertEquals(200, app.get(local(app, callback), null).status());
            var replay = app.get(local(app, callback), null);
            assertEquals(400, replay.status(), "the state was used up");

            // the old code with a fresh, valid state: the provider refuses the spent code
            String fresh = consent(app, null);
            String code = FakeOAuthProvider.query(URI.create(callback)).get("code");
            String stitched = fresh.replaceAll("code=[^&]+", "code=" + code);
            var r = app.get(local(app, stitched), null);
            assertEquals(401, r.status(), r.body());
            assertTrue(r.json().get("error").asText().contains("refused"), r.body());
        }
    }

    @Test
    void deniedConsentIs401() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            provider.deny = true;
            var r = app.get(local(app, consent(app, null)), null);
            assertEquals(401, r.status());
            assertTrue(r.json().get("error").asText().contains("access_denied"), r.body());
            assertEquals(0, app.state.accounts.list().size());
        }
    }

    @Test
    void aSignedInUserLinksAndUnlinksGitHub() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
            String alice = app.login("alice", PW);
            provider.nextSubject = "2002";
            var linked = app.get(local(app, consent(app, alice)), null);
            assertEquals(200, linked.status(), linked.body());
            assertEquals("alice", linked.json().at("/user/username").asText());
            assertEquals("github", linked.json().at("/user/sso_provider").asText());

            var viaGithub = app.get(local(app, consent(app, null)), null);
            assertEquals("alice", viaGithub.json().at("/user/username").asText(), "GitHub now signs in as alice");

            assertEquals(200, app.post("/api/auth/sso/unlink/github", alice, null).status());
            assertEquals(404, app.post("/api/auth/sso/unlink/github", alice, null).status());
            var afterUnlink = app.get(local(app, consent(app, null)), null);
            assertNotEquals("alice", afterUnlink.json().at("/user/username").asText(), "a new account, not alice");
        }
    }

    @Test
    void anSsoOnlyUserCannotUnlinkTheirOnlySignIn() {
        try (FakeOAuthProvider provider = new FakeOAuthProvider(); ManageApp app = ManageApp.start(callbackSettings(provider))) {
            String token = app.get(local(app, consent(app, null)), null).json().get("access_token").asText();
            var r = app.post("/api/auth/sso/unlink/github", token, null);
            assertEquals(409, r.status());
            assertEquals(404, app.get("/api/auth/sso/login/google", null).status(), "unconfigured provider");
            assertEquals(404, app.get("/api/auth/sso/login/myspace", null).status());
        }
    }

    @Test
    void newAccountsFromSsoCanBeTurnedOff() {
        Map<String, String> s = new HashMap<>();
        try (FakeOAuthProvider provider = new FakeOAuthProvider()) {
            s.putAll(callbackSettings(provider));
            s.put("sso.allow-new-accounts", "false");
            try (ManageApp app = ManageApp.start(s)) {
                app.post("/api/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PW + "\"}");
                var r = app.get(local(app, consent(app, null)), null);
                assertEquals(403, r.status());
                assertEquals(1, app.state.accounts.list().size());
            }
        }
    }

    /** The provider's settings plus the public callback base. */
    private static Map<String, String> callbackSettings(FakeOAuthProvider provider) {
        Map<String, String> s = new HashMap<>(provider.settings());
        s.put("sso.callback-base", CALLBACK_BASE);
        return s;
    }
}
