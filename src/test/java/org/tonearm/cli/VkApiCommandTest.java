package org.tonearm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonearm.vk.FakeVk;

/** {@code tonearm vk-api}: log in on the terminal once, then call methods without the password. */
class VkApiCommandTest {
    @TempDir
    Path data;

    private record Run(int code, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void loginOnceThenCallWithoutPassword() throws Exception {
        try (FakeVk vk = FakeVk.start()) {
            vk.account("lindsey@example.org", "pw").twoFactor("123456");
            Files.writeString(data.resolve("tonearm.properties"),
                    "vk.api.base-url=" + vk.baseUri() + "\nvk.api.oauth-url=" + vk.baseUri() + "\nvk.api.app-id=909090\n");
            String d = data.toString();

            Run login = run("pw\n123456\n", "vk-api", "login", "--data", d, "--user", "lindsey@example.org", "--scope", "audio,offline");
            assertEquals(0, login.code(), login.err());
            assertTrue(login.out().contains("with rights [audio, offline]"), login.out());
            assertTrue(login.err().contains("Password: ") && login.err().contains("2FA code: "), login.err());

            Run call = run("", "vk-api", "call", "--data", d, "--user", "lindsey@example.org", "--scope", "audio,offline",
                    "users.get", "user_ids=1,2", "fields=bdate");
            assertEquals(0, call.code(), call.err());
            assertTrue(call.out().contains("\"bdate\" : \"21.9.1986\""), call.out());
            assertFalse(call.err().contains("Password"), "the saved session was used");
            String token = vk.requests("users.get").getFirst().params().get("access_token");
            assertFalse((login.out() + login.err() + call.out() + call.err()).contains(token));

            assertEquals(0, run("", "vk-api", "logout", "--data", d, "--user", "lindsey@example.org").code());
            Run refused = run("", "vk-api", "call", "--data", d, "--user", "lindsey@example.org", "users.get");
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains("no answer to: VK password"), refused.err());
        }
    }

    @Test
    void badSettingsNameTheKey() {
        Run r = run("", "vk-api", "login", "--data", data.toString(), "--user", "x", "--app-id", "1", "--scope", "audio,music");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--scope'") && r.err().contains("music"), r.err());
        Run noApp = run("", "vk-api", "login", "--data", data.toString(), "--user", "x");
        assertTrue(noApp.err().contains("vk.api.app-id"), noApp.err());
    }
}
