package org.tonearm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tonearm user add} and the serve wiring: the admin made on the command line logs in to the running server. */
class UserCommandTest {

    @Test
    void userAddWithPasswordStdinCreatesAnAdminWhoCanLogInToServe(@TempDir Path data) throws Exception {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream("cli-admin-password\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, Main.run("user", "add", "boss", "--admin", "--password-stdin", "--data", data.toString()));
            System.setIn(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(2, Main.run("user", "add", "weak", "--password-stdin", "--data", data.toString()), "too short");
        } finally {
            System.setIn(original);
        }
        assertTrue(Files.exists(data.resolve("tonearm.db")));

        Settings settings = Settings.of(Map.of("data.dir", data.toString(), "http.port", "0", "http.host", "127.0.0.1",
            "auth.argon2.memory-kib", "1024"));
        try (ServeCommand.Application app = ServeCommand.Application.start(settings)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"boss\",\"password\":\"cli-admin-password\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(login.body().contains("\"role\":\"admin\""));
            HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create(base + "/api/token")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertTrue(!token.body().contains("\"details\""), "/api/token is not the management face's: " + token.body());
        }
    }

    @Test
    void withoutATerminalOrStdinFlagThePasswordIsNotGuessed(@TempDir Path data) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("user", "add", "boss", "--data", data.toString()));
        } finally {
            System.setErr(original);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--password-stdin"), err.toString(StandardCharsets.UTF_8));
        assertTrue(!Files.exists(data.resolve("tonearm.db")), "nothing was opened or created");
    }
}
