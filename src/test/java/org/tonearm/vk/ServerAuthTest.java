package org.tonearm.vk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonearm.TonearmException;

/** The authorization code flow against the fake VK: the redirect URL, the code exchange, its errors, the saved token. */
class ServerAuthTest {
    private static final URI CALLBACK = URI.create("https://music.example.org/vkauth");

    @TempDir
    Path dir;

    private FakeVk vk;
    private FakeVk.Account account;
    private FileTokenStore store;

    @BeforeEach
    void start() {
        vk = FakeVk.start();
        account = vk.account("lindsey@example.org", "pw");
        store = new FileTokenStore(dir);
    }

    @AfterEach
    void stop() {
        vk.close();
    }

    private ServerAuth auth() {
        return new ServerAuth(vk.config(), 909090, CALLBACK, Rights.P_AUDIO.and(Rights.P_OFFLINE), store);
    }

    /** What the user's browser does: opens the URL, approves, and lands on the callback with a code. */
    private String browserApproves(URI authUrl) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authUrl).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(302, r.statusCode());
        URI callback = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertEquals(CALLBACK.getPath(), callback.getPath());
        return OAuth.query(callback.getRawQuery()).get("code");
    }

    @Test
    void authUrlCarriesTheFlowParameters() {
        URI url = auth().authUrl("csrf-1");
        assertTrue(url.toString().startsWith(vk.baseUri() + "/authorize?"));
        Map<String, String> q = OAuth.query(url.getRawQuery());
        assertEquals("909090", q.get("client_id"));
        assertEquals("code", q.get("response_type"));
        assertEquals(CALLBACK.toString(), q.get("redirect_uri"));
        assertEquals(Long.toString(Rights.P_AUDIO.and(Rights.P_OFFLINE).mask()), q.get("scope"));
        assertEquals("csrf-1", q.get("state"));
        assertEquals(Long.toString(Rights.P_OFFLINE.mask()),
                OAuth.query(new ServerAuth(vk.config(), 1, CALLBACK, null, null).authUrl().getRawQuery()).get("scope"), "PyVK's server default");
    }

    @Test
    void codeIsExchangedForAWorkingTokenThatIsSaved() throws Exception {
        ServerAuth auth = auth();
        String code = browserApproves(auth.authUrl());
        VkToken token = auth.auth(code, "fake-client-secret");
        assertEquals(account.userId(), token.userId());
        assertEquals(null, token.expiresAt(), "expires_in 0 (the fixture's) is a non-expiring token");
        assertEquals(1, auth.api().call("users.get").size());

        FakeVk.Request exchange = vk.requests("/access_token").getFirst();
        assertEquals(CALLBACK.toString(), exchange.params().get("redirect_uri"));
        assertEquals(code, exchange.params().get("code"));

        VkApi later = VkApi.fromStore(vk.config(), store, auth.account(token.userId()), Input.none()).orElseThrow();
        assertEquals(token.accessToken(), later.token().accessToken());
        assertEquals(account.userId(), later.call("users.get").get(0).get("id").asLong());
        assertEquals(Rights.P_AUDIO.and(Rights.P_OFFLINE), later.token().scope());
    }

    @Test
    void reusedOrWrongCodeIsInvalidGrant() throws Exception {
        ServerAuth auth = auth();
        String code = browserApproves(auth.authUrl());
        auth.auth(code, "fake-client-secret");
        VkException.Auth e = assertThrows(VkException.Auth.class, () -> auth.auth(code, "fake-client-secret"));
        assertEquals("invalid_grant", e.error());
        assertEquals("Code is invalid or expired.", e.description());
        assertTrue(e.toDomain() instanceof TonearmException.Unauthorized);

        String other = browserApproves(auth.authUrl());
        assertEquals("invalid_grant", assertThrows(VkException.Auth.class, () -> auth.auth(other, "wrong-secret")).error());
        assertEquals("invalid_request", assertThrows(VkException.Auth.class, () -> auth.auth(" ", "fake-client-secret")).error());
    }

    @Test
    void nonsenseAnswersAreProtocolErrors() {
        vk.answerNext("/access_token", "server_auth_non_json.html");
        VkException.Protocol html = assertThrows(VkException.Protocol.class, () -> auth().auth("c", "s"));
        assertTrue(html.getMessage().contains("is not JSON: <html>BOO!</html>"), html.getMessage());

        vk.answerNext("/access_token", "server_auth_unrecognised.json");
        VkException.Protocol odd = assertThrows(VkException.Protocol.class, () -> auth().auth("c", "s"));
        assertTrue(odd.getMessage().contains("neither access_token nor error"), odd.getMessage());

        vk.answerNext("/access_token", "app_invalid.json");
        assertEquals("application was deleted", assertThrows(VkException.Auth.class, () -> auth().auth("c", "s")).description());
    }

    @Test
    void apiBeforeAuthIsAClearError() {
        assertEquals("not_authorised", assertThrows(VkException.Auth.class, () -> auth().api()).error());
    }
}
