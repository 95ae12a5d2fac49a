package org.tonearm.vk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every flow with request tracing on, the log captured: it shows what happened and never a token, password or cookie. */
class LogSecrecyTest {
    private static final String PASSWORD = "Sup3r-Secret-Passw0rd";
    private static final String SECRET = "fake-client-secret";

    @TempDir
    Path dir;

    @Test
    void noSecretReachesTheLogOrAnExceptionMessage() throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        String log;
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (FakeVk vk = FakeVk.start()) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                FakeVk.Account account = vk.account("lindsey@example.org", PASSWORD).twoFactor("918273");
                VkConfig config = vk.config().withTraceRequests(true);
                ScriptedInput input = new ScriptedInput().answer(Input.Kind.PASSWORD, PASSWORD).answer(Input.Kind.SECRET_CODE, "918273")
                        .answer(Input.Kind.CAPTCHA, "capt-answer").answer(Input.Kind.PASSWORD, PASSWORD).answer(Input.Kind.SECRET_CODE, "918273");
                ClientAuth auth = new ClientAuth(config, 909090, "lindsey@example.org", null, input, new FileTokenStore(dir),
                        new RecordingSleeper(), java.time.Clock.systemUTC());
                VkToken token = auth.auth();
                secrets.add(token.accessToken());
                VkApi api = auth.api();
                vk.failNext("users.get", 6, 1);
                vk.requireCaptcha("wall.post", "capt-answer");
                api.call("users.get");
                api.call("wall.post", Map.of("message", "x"));
                vk.revokeTokens();
                api.call("users.get");
                secrets.add(api.token().accessToken());
                messages.add(String.valueOf(api.token()));
                messages.add(assertThrows(VkException.Api.class, () -> api.call("nosuch.method")).getMessage());

                vk.revokeTokens();
                VkToken direct = auth.authDirect(SECRET);
                secrets.add(direct.accessToken());

                vk.revokeTokens();
                VkApi plain = new VkApi(config, VkToken.of(secrets.getFirst()));
                VkException.Api dead = assertThrows(VkException.Api.class, () -> plain.call("users.get"));
                messages.add(dead.getMessage());
                messages.add(dead.requestParams().toString());
            } finally {
                System.setErr(original);
            }
        }
        log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("VK POST"), "tracing was on:\n" + log);
        assertTrue(log.contains("access_token=vk1."), "tokens show only a prefix:\n" + log);
        assertTrue(log.contains("Wait 0.3 sec and retry"), log);
        assertTrue(log.contains("logged in lindsey@example.org"), log);
        assertTrue(log.contains("password=***") && log.contains("pass=***"), "the login forms were traced:\n" + log);
        secrets.addAll(List.of(PASSWORD, SECRET, "918273", "capt-answer"));
        String all = log + String.join("\n", messages);
        for (String s : secrets) {
            assertFalse(all.contains(s), "secret '" + s + "' leaked:\n" + all);
        }
        assertFalse(all.matches("(?s).*remixsid=sid\\d+.*"), "session cookie leaked:\n" + all);
    }
}
