package org.tonearm.vk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tonearm.TonearmException;

/** API calls against the fake VK: parameters, errors as exceptions, and each automatic recovery on and off. */
class VkApiTest {
    private FakeVk vk;
    private VkToken token;
    private RecordingSleeper sleeper;
    private ScriptedInput input;

    @BeforeEach
    void start() {
        vk = FakeVk.start();
        FakeVk.Account a = vk.account("lindsey@example.org", "pw");
        token = VkToken.of(vk.issueToken(a.userId(), Rights.P_BASIC));
        sleeper = new RecordingSleeper();
        input = new ScriptedInput();
    }

    @AfterEach
    void stop() {
        vk.close();
    }

    private VkApi api(VkConfig config) {
        return new VkApi(config, token, input, sleeper);
    }

    @Test
    void javaListsNumbersAndBooleansBecomeVkParameters() {
        JsonNode users = api(vk.config().withVersion("5.21").withLang("en"))
                .call("users.get", Map.of("user_ids", List.of(210700286, -1), "fields", new String[] {"bdate", "city"}, "extended", true));
        assertEquals(2, users.size());
        assertEquals(210700286, users.get(0).get("id").asLong());
        assertEquals("21.9.1986", users.get(0).get("bdate").asText());
        FakeVk.Request r = vk.requests("users.get").getFirst();
        assertEquals("210700286,-1", r.params().get("user_ids"));
        assertEquals("bdate,city", r.params().get("fields"));
        assertEquals("1", r.params().get("extended"));
        assertEquals("5.21", r.params().get("v"));
        assertEquals("en", r.params().get("lang"));
        assertEquals(token.accessToken(), r.params().get("access_token"));
        assertEquals("POST", r.verb(), "the token goes in the body, never in a URL");
        assertEquals(VkConfig.DEFAULT_USER_AGENT, r.userAgent());
    }

    @Test
    void fluentFormAndTypedMapping() {
        record User(long id, String first_name, String last_name) {
        }
        User[] users = api(vk.config()).method("users.get").param("user_ids", List.of(7)).param("fields", null).as(User[].class);
        assertEquals(7, users[0].id());
        assertEquals("7", users[0].last_name());
        assertFalse(vk.requests("users.get").getFirst().params().containsKey("fields"), "null parameters are left out");
    }

    @Test
    void publicMethodsWorkWithoutAToken() {
        JsonNode users = new VkApi(vk.config(), null).call("users.get", Map.of("user_ids", 1));
        assertEquals(1, users.get(0).get("id").asInt());
        assertFalse(vk.requests("users.get").getFirst().params().containsKey("access_token"));
    }

    @Test
    void burstOfTooManyRequestsIsAbsorbedWithDoublingDelays() {
        vk.failNext("users.get", 6, 3);
        JsonNode users = api(vk.config()).call("users.get", Map.of("user_ids", 1));
        assertEquals(1, users.get(0).get("id").asInt());
        assertEquals(List.of(300L, 600L, 1200L), sleeper.millis());
        assertEquals(4, vk.requests("users.get").size());
    }

    @Test
    void floodControlIsRetriedToo() {
        vk.failNext("users.get", 9, 1);
        api(vk.config()).call("users.get", Map.of("user_ids", 1));
        assertEquals(List.of(300L), sleeper.millis());
    }

    @Test
    void retriesAreBounded() {
        vk.failNext("users.get", 6, 10);
        VkException.Api e = assertThrows(VkException.Api.class,
                () -> api(vk.config().withRetries(4, Duration.ofMillis(100))).call("users.get", Map.of("user_ids", 1)));
        assertEquals(6, e.errorCode());
        assertEquals("Too many requests per second", e.errorMsg());
        assertEquals(List.of(100L, 200L, 400L), sleeper.millis());
        assertEquals(4, vk.requests("users.get").size());
        assertInstanceOf(TonearmException.RateLimited.class, e.toDomain());
    }

    @Test
    void autoDelayOffFailsAtOnce() {
        vk.failNext("users.get", 6, 1);
        VkException.Api e = assertThrows(VkException.Api.class,
                () -> api(vk.config().withRecovery(false, true, true, true)).call("users.get", Map.of("user_ids", 1)));
        assertEquals(6, e.errorCode());
        assertEquals("users.get", e.requestParams().get("method"));
        assertEquals("1", e.requestParams().get("user_ids"));
        assertTrue(sleeper.waits().isEmpty());
    }

    @Test
    void captchaIsAskedAndTheCallRetriedWithSidAndKey() {
        vk.requireCaptcha("wall.post", "k7xq");
        input.answer(Input.Kind.CAPTCHA, "k7xq");
        JsonNode r = api(vk.config()).call("wall.post", Map.of("message", "hi"));
        assertTrue(r.get("post_id").asLong() > 0);
        Input.Prompt asked = input.asked().getFirst();
        assertTrue(asked.detail("captcha_img").startsWith(vk.baseUri() + "/captcha.php?sid="));
        FakeVk.Request retry = vk.requests("wall.post").getLast();
        assertEquals(asked.detail("captcha_sid"), retry.params().get("captcha_sid"));
        assertEquals("k7xq", retry.params().get("captcha_key"));
        assertEquals("hi", retry.params().get("message"));
    }

    @Test
    void refusedCaptchaIsAClearException() {
        vk.requireCaptcha("wall.post", "k7xq");
        input.answer(Input.Kind.CAPTCHA, null);
        VkException.Captcha e = assertThrows(VkException.Captcha.class, () -> api(vk.config()).call("wall.post", Map.of("message", "hi")));
        assertEquals(14, e.errorCode());
        assertFalse(e.captchaSid().isEmpty());
        assertTrue(e.captchaImg().contains("captcha.php"));
        assertTrue(e.getMessage().contains("no captcha answer"), e.getMessage());
        assertEquals(1, vk.requests("wall.post").size());
    }

    @Test
    void wrongCaptchaAnswersAreRetriedOnlyBoundedTimes() {
        vk.requireCaptcha("wall.post", "right");
        for (int i = 0; i < 3; i++) {
            input.answer(Input.Kind.CAPTCHA, "wrong");
        }
        assertThrows(VkException.Captcha.class,
                () -> api(vk.config().withRetries(3, Duration.ofMillis(1))).call("wall.post", Map.of()));
        assertEquals(4, vk.requests("wall.post").size());
    }

    @Test
    void captchaRecoveryOffThrowsWithoutAsking() {
        vk.requireCaptcha("wall.post", "k");
        VkException.Captcha e = assertThrows(VkException.Captcha.class,
                () -> api(vk.config().withRecovery(true, false, true, true)).call("wall.post", Map.of()));
        assertTrue(input.asked().isEmpty());
        assertFalse(e.captchaSid().isEmpty());
    }

    @Test
    void validationShowsTheRedirectUriAndRetriesOnceConfirmed() {
        vk.requireValidation("wall.post");
        input.answer(Input.Kind.VALIDATION, "done");
        api(vk.config()).call("wall.post", Map.of());
        assertTrue(input.asked().getFirst().detail("redirect_uri").contains("act=validate"));
        assertEquals(2, vk.requests("wall.post").size());
    }

    @Test
    void validationRefusedSurfacesTheRedirectUri() {
        vk.requireValidation("wall.post");
        input.answer(Input.Kind.VALIDATION, null);
        VkException.Validation e = assertThrows(VkException.Validation.class, () -> api(vk.config()).call("wall.post", Map.of()));
        assertTrue(e.redirectUri().startsWith(vk.baseUri() + "/login?act=validate"));
        assertTrue(e.getMessage().contains(e.redirectUri()));
    }

    @Test
    void expiredTokenWithoutCredentialsIsAuthFailed() {
        vk.revokeTokens();
        VkException.Api e = assertThrows(VkException.Api.class, () -> api(vk.config()).call("users.get", Map.of()));
        assertEquals(5, e.errorCode());
        assertTrue(e.errorMsg().startsWith("User authorization failed"));
        assertInstanceOf(TonearmException.Unauthorized.class, e.toDomain());
    }

    @Test
    void otherErrorsCarryCodeMessageAndParams() {
        vk.failNext("users.get", 999, 1);
        VkException.Api e = assertThrows(VkException.Api.class, () -> api(vk.config()).call("users.get", Map.of("user_ids", 1)));
        assertEquals(999, e.errorCode());
        assertEquals("", e.errorMsg());
        assertTrue(e.getMessage().contains("999"));
        VkException.Api unknown = assertThrows(VkException.Api.class, () -> api(vk.config()).call("nosuch.method"));
        assertEquals(3, unknown.errorCode());
    }

    @Test
    void rawModeReturnsWholeAnswersErrorsIncluded() {
        VkApi raw = api(vk.config().withRaw(true));
        assertEquals(1, raw.call("users.get", Map.of("user_ids", 1)).get("response").get(0).get("id").asInt());
        vk.failNext("docs.get", 15, 1);
        JsonNode e = raw.call("docs.get");
        assertEquals(15, e.get("error").get("error_code").asInt());
    }

    @Test
    void recordedErrorFixturesBecomeTypedExceptions() {
        vk.answerNext("captcha.force", "api_captcha.json");
        input.answer(Input.Kind.CAPTCHA, null);
        VkException.Captcha c = assertThrows(VkException.Captcha.class, () -> api(vk.config()).call("captcha.force"));
        assertEquals("424242", c.captchaSid());
        assertEquals("https://api.vk.com/captcha.php?sid=424242&s=1", c.captchaImg());
        assertEquals("captcha.force", c.requestParams().get("method"));

        vk.answerNext("users.get", "api_some_error.json");
        assertEquals(999, assertThrows(VkException.Api.class, () -> api(vk.config()).call("users.get")).errorCode());

        vk.answerNext("users.get", "api_too_many.json");
        vk.answerNext("users.get", "api_valid.json");
        assertEquals("42", api(vk.config()).call("users.get").get(0).get("foo").asText());
        assertEquals(List.of(300L), sleeper.millis());

        vk.answerNext("account.getAppPermissions", "token_invalid.json");
        assertEquals(5, assertThrows(VkException.Api.class, () -> api(vk.config()).call("account.getAppPermissions")).errorCode());
    }

    @Test
    void eachMalformedFixtureIsAProtocolErrorNamingTheProblem() {
        Map<String, String> expected = Map.of(
                "api_corrupt.json", "is not JSON: {g: }",
                "api_malformed.json", "has neither 'response' nor 'error'",
                "token_failed_test.json", "has neither 'response' nor 'error'",
                "server_auth_non_json.html", "is not JSON: <html>BOO!</html>",
                "server_auth_unrecognised.json", "has neither 'response' nor 'error'",
                "app_invalid.json", "has no numeric error_code",
                "server_auth_error.json", "has no numeric error_code");
        expected.forEach((fixture, message) -> {
            vk.answerNext("users.get", fixture);
            VkException.Protocol e = assertThrows(VkException.Protocol.class, () -> api(vk.config()).call("users.get"), fixture);
            assertTrue(e.getMessage().contains("users.get") && e.getMessage().contains(message), fixture + ": " + e.getMessage());
            assertInstanceOf(TonearmException.UpstreamFailed.class, e.toDomain());
        });
    }

    @Test
    void fakeMethodHandlersSeeTheCallAndCanAnswerErrors() {
        vk.method("audio.search", p -> p.get("q").equals("nothing")
                ? vk.errorObject(201, "Access denied: no access to audio", "audio.search", p)
                : new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("count", 1).put("q", p.get("q")));
        assertEquals("crystallize", api(vk.config()).call("audio.search", Map.of("q", "crystallize")).get("q").asText());
        VkException.Api e = assertThrows(VkException.Api.class, () -> api(vk.config()).call("audio.search", Map.of("q", "nothing")));
        assertEquals(201, e.errorCode());
        assertInstanceOf(TonearmException.Forbidden.class, e.toDomain());
    }

    @Test
    void unreachableVkIsATransportError() {
        int port = vk.baseUri().getPort();
        vk.close();
        VkException.Transport e = assertThrows(VkException.Transport.class, () -> api(vk.config()).call("users.get"));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port));
    }
}
