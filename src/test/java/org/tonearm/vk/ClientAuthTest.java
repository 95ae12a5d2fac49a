package org.tonearm.vk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client-side login against the fake VK: the login pages, 2FA, security check, captcha, direct auth, saved sessions. */
class ClientAuthTest {
    private static final long APP = 909090;
    private static final String SECRET = "fake-client-secret";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private FakeVk vk;
    private FakeVk.Account account;
    private FileTokenStore store;
    private ScriptedInput input;

    @BeforeEach
    void start() {
        vk = FakeVk.start();
        account = vk.account("lindsey@example.org", PASSWORD);
        store = new FileTokenStore(dir);
        input = new ScriptedInput();
    }

    @AfterEach
    void stop() {
        vk.close();
    }

    private ClientAuth auth(Rights scope) {
        return new ClientAuth(vk.config(), APP, "lindsey@example.org", scope, input, store, new RecordingSleeper(), Clock.systemUTC());
    }

    @Test
    void loginThroughTheFormsWithCaptcha2faSecurityCheckAndGrantPage() throws Exception {
        account.twoFactor("123456").securityCheck("345678");
        vk.loginCaptcha("qwerty");
        input.answer(Input.Kind.PASSWORD, PASSWORD).answer(Input.Kind.CAPTCHA, "qwerty")
                .answer(Input.Kind.SECRET_CODE, "123456").answer(Input.Kind.PHONE_DIGITS, "345678");

        VkToken token = auth(Rights.P_AUDIO.and(Rights.P_OFFLINE)).auth();

        assertEquals(List.of(Input.Kind.PASSWORD, Input.Kind.CAPTCHA, Input.Kind.SECRET_CODE, Input.Kind.PHONE_DIGITS), input.kinds());
        assertEquals("+22", input.asked().get(3).detail("phone_prefix"));
        assertEquals("22", input.asked().get(3).detail("phone_suffix"));
        assertTrue(input.asked().get(1).detail("captcha_img").startsWith(vk.baseUri() + "/captcha.php?sid="));
        assertTrue(vk.tokenValid(token.accessToken()));
        assertEquals(account.userId(), token.userId());
        assertEquals(Rights.P_AUDIO.and(Rights.P_OFFLINE), token.scope(), "the scope is what account.getAppPermissions reports");
        assertEquals(1, vk.requests("/login").stream().filter(r -> "grant_access".equals(r.params().get("act"))).count());

        String saved = Files.readString(store.file("app909090-lindsey@example.org"));
        assertTrue(saved.contains(token.accessToken()));
        assertTrue(saved.contains("remixsid"));
        assertFalse(saved.contains(PASSWORD), "the password is never stored");
        assertFalse(saved.contains("123456"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file("app909090-lindsey@example.org"))));

        FakeVk.Request form = vk.requests("/login").stream().filter(r -> "login".equals(r.params().get("act"))).toList().getLast();
        assertEquals("lindsey@example.org", form.params().get("email"));
        assertEquals("qwerty", form.params().get("captcha_key"));
        assertTrue(form.params().containsKey("lg_h"), "the form's hidden fields are sent back");
    }

    @Test
    void nextStartReusesTheSavedTokenWithoutAnyQuestion() {
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        VkToken first = auth(null).auth();
        int authorizeCalls = vk.requests("/authorize").size();

        ScriptedInput silent = new ScriptedInput();
        ClientAuth again = new ClientAuth(vk.config(), APP, "lindsey@example.org", null, silent, store);
        assertEquals(first.accessToken(), again.auth().accessToken());
        assertTrue(silent.asked().isEmpty());
        assertEquals(authorizeCalls, vk.requests("/authorize").size());
        assertEquals(1, again.api().call("users.get").size());
    }

    @Test
    void deadTokenButLiveCookiesLogInAgainWithoutThePassword() {
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        VkToken first = auth(null).auth();
        vk.revokeTokens();

        ScriptedInput silent = new ScriptedInput();
        VkToken second = new ClientAuth(vk.config(), APP, "lindsey@example.org", null, silent, store).auth();
        assertTrue(silent.asked().isEmpty(), "the saved remixsid cookie is enough");
        assertFalse(first.accessToken().equals(second.accessToken()));
        assertTrue(vk.tokenValid(second.accessToken()));
    }

    @Test
    void expiredSavedTokenIsNotEvenTried() {
        vk.tokenLifetime(3600);
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        auth(null).auth();
        int probes = vk.requests("account.getAppPermissions").size();
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        new ClientAuth(vk.config(), APP, "lindsey@example.org", null, new ScriptedInput(), store, new RecordingSleeper(), later).auth();
        assertEquals(probes + 1, vk.requests("account.getAppPermissions").size(), "only the new token is checked");
    }

    @Test
    void wrongPasswordShowsVksMessage() {
        input.answer(Input.Kind.PASSWORD, "nope");
        VkException.Auth e = assertThrows(VkException.Auth.class, () -> auth(null).auth());
        assertEquals("invalid_credentials", e.error());
        assertTrue(e.getMessage().contains("Invalid login or password."), e.getMessage());
        assertFalse(e.getMessage().contains("nope"));
    }

    @Test
    void wrong2faCodeShowsVksMessage() {
        account.twoFactor("123456");
        input.answer(Input.Kind.PASSWORD, PASSWORD).answer(Input.Kind.SECRET_CODE, "000000");
        VkException.Auth e = assertThrows(VkException.Auth.class, () -> auth(null).auth());
        assertEquals("invalid_code", e.error());
        assertTrue(e.getMessage().contains("Incorrect code"), e.getMessage());
    }

    @Test
    void refusedPasswordFailsClearly() {
        input.answer(Input.Kind.PASSWORD, null);
        VkException.Auth e = assertThrows(VkException.Auth.class, () -> auth(null).auth());
        assertEquals("input_refused", e.error());
        assertTrue(vk.requests("/login").isEmpty(), "nothing was sent");
    }

    @Test
    void unexpectedLoginFormIsAProtocolError() {
        vk.answerNext("/authorize", "auth_page_unexpected_action.html");
        VkException.Protocol e = assertThrows(VkException.Protocol.class, () -> auth(null).auth());
        assertTrue(e.getMessage().contains("act='looooogin'"), e.getMessage());
    }

    @Test
    void pageWithoutAFormIsAProtocolError() {
        vk.answerNext("/authorize", "final.html");
        VkException.Protocol e = assertThrows(VkException.Protocol.class, () -> auth(null).auth());
        assertTrue(e.getMessage().contains("has no form (title 'OAuth Blank')"), e.getMessage());
    }

    @Test
    void concurrentCallsWithADeadTokenLogInOnce() throws Exception {
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        ClientAuth a = auth(null);
        a.auth();
        VkApi api = a.api();
        vk.revokeTokens();
        int before = vk.requests("/authorize").size();
        List<CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> api.call("users.get").size()));
        }
        for (CompletableFuture<Integer> c : calls) {
            assertEquals(1, c.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, vk.requests("/authorize").size() - before, "one login, not one per call");
    }

    @Test
    void corruptSecurityCheckPageIsAProtocolError() {
        account.securityCheck("345678");
        vk.corruptSecurityCheck(true);
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        VkException.Protocol e = assertThrows(VkException.Protocol.class, () -> auth(null).auth());
        assertTrue(e.getMessage().contains("security check page has unexpected formatting"), e.getMessage());
        assertEquals(List.of(Input.Kind.PASSWORD), input.kinds(), "no phone digits are asked from a page we cannot read");
    }

    @Test
    void directLoginNeeding2faThenCaptcha() {
        account.twoFactor("424242");
        vk.directCaptcha("zx9");
        input.answer(Input.Kind.PASSWORD, PASSWORD).answer(Input.Kind.SECRET_CODE, "424242").answer(Input.Kind.CAPTCHA, "zx9");
        VkToken t = auth(Rights.P_AUDIO).authDirect(SECRET);
        assertEquals(List.of(Input.Kind.PASSWORD, Input.Kind.SECRET_CODE, Input.Kind.CAPTCHA), input.kinds());
        assertTrue(vk.tokenValid(t.accessToken()));
        assertEquals(Rights.P_AUDIO, t.scope());
        List<FakeVk.Request> tokenCalls = vk.requests("/token");
        assertEquals(3, tokenCalls.size());
        FakeVk.Request last = tokenCalls.getLast();
        assertEquals("password", last.params().get("grant_type"));
        assertEquals("1", last.params().get("2fa_supported"));
        assertEquals("424242", last.params().get("code"));
        assertEquals("zx9", last.params().get("captcha_key"));
        assertTrue(input.asked().get(1).message().contains("+22 *** ** 22"));
    }

    @Test
    void directLoginErrorsAreAuthErrors() {
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        VkException.Auth wrongSecret = assertThrows(VkException.Auth.class, () -> auth(null).authDirect("bad"));
        assertEquals("invalid_client", wrongSecret.error());

        account.twoFactor("1");
        input.answer(Input.Kind.PASSWORD, PASSWORD).answer(Input.Kind.SECRET_CODE, "2");
        VkException.Auth wrongCode = assertThrows(VkException.Auth.class, () -> auth(null).authDirect(SECRET));
        assertEquals("invalid_request", wrongCode.error());

        vk.answerNext("/token", "app_invalid.json");
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        VkException.Auth deleted = assertThrows(VkException.Auth.class, () -> auth(null).authDirect(SECRET));
        assertEquals("application was deleted", deleted.description());

        vk.answerNext("/token", "server_auth_non_json.html");
        input.answer(Input.Kind.PASSWORD, PASSWORD);
        assertThrows(VkException.Protocol.class, () -> auth(null).authDirect(SECRET));
    }

    @Test
    void directLoginReauthenticatesWhenTheTokenExpires() {
        input.answer(Input.Kind.PASSWORD, PASSWORD).answer(Input.Kind.PASSWORD, PASSWORD);
        ClientAuth a = auth(null);
        a.authDirect(SECRET);
        VkApi api = a.api();
        vk.revokeTokens();
        assertEquals(1, api.call("users.get").size());
        assertEquals(2, vk.requests("/token").size());
        assertTrue(vk.tokenValid(api.token().accessToken()));
    }

    @Test
    void serverSideInputWaitsForTheOperator() throws Exception {
        account.twoFactor("777000");
        PendingInput pending = new PendingInput(Duration.ofSeconds(10));
        ClientAuth a = new ClientAuth(vk.config(), APP, "lindsey@example.org", null, pending, store);
        CompletableFuture<VkToken> login = CompletableFuture.supplyAsync(a::auth);
        assertEquals(Input.Kind.PASSWORD, pending.awaitPrompt(Duration.ofSeconds(5)).orElseThrow().kind());
        assertTrue(pending.answer(PASSWORD));
        assertEquals(Input.Kind.SECRET_CODE, awaitKind(pending, Input.Kind.SECRET_CODE));
        assertTrue(pending.answer("777000"));
        VkToken t = login.get(10, TimeUnit.SECONDS);
        assertTrue(vk.tokenValid(t.accessToken()));
        assertTrue(pending.pending().isEmpty());
    }

    @Test
    void unansweredServerSideInputTimesOut() {
        PendingInput pending = new PendingInput(Duration.ofMillis(50));
        ClientAuth a = new ClientAuth(vk.config(), APP, "lindsey@example.org", null, pending, store);
        assertEquals("input_refused", assertThrows(VkException.Auth.class, a::auth).error());
    }

    @Test
    void apiBeforeAuthIsAClearError() {
        assertThrows(VkException.Auth.class, () -> auth(null).api());
    }

    private static Input.Kind awaitKind(PendingInput pending, Input.Kind kind) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            var p = pending.pending();
            if (p.isPresent() && p.get().kind() == kind) {
                return kind;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + kind + " question");
    }
}
