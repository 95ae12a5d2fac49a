package org.tonearm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tonearm client add} then a real {@code serve} requiring tokens: the printed id and secret get a token
 * that opens {@code /v1}; the secret is not in the database; a removed client gets no more tokens.
 */
class ClientCommandTest {
    @TempDir
    Path data;

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args), String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> token(HttpClient http, int port, String id, String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/token"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void addedClientGetsTokensUntilRemoved() throws Exception {
        String out = run("client", "add", "beets", "--data", data.toString());
        String id = out.lines().filter(l -> l.startsWith("client_id=")).findFirst().orElseThrow().substring(10);
        String secret = out.lines().filter(l -> l.startsWith("client_secret=")).findFirst().orElseThrow().substring(14);
        assertTrue(run("client", "list", "--data", data.toString()).contains(id));
        assertFalse(run("client", "list", "--data", data.toString()).contains(secret), "list never shows secrets");
        for (Path p : Files.list(data).filter(p -> p.getFileName().toString().startsWith("tonearm.db")).toList()) {
            assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(secret), "secret stored hashed: " + p);
        }

        Settings s = Settings.of(Map.of("data.dir", data.toString(), "http.port", "0", "http.host", "127.0.0.1",
            "spotify.require-token", "true", "catalog.demo-tracks", "300"));
        HttpClient http = HttpClient.newHttpClient();
        try (ServeCommand.Application app = ServeCommand.Application.start(s)) {
            HttpResponse<String> anon = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/markets")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anon.statusCode());
            HttpResponse<String> tok = token(http, app.port(), id, secret);
            assertEquals(200, tok.statusCode(), tok.body());
            String access = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tok.body()).path("access_token").asText();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/markets"))
                .header("Authorization", "Bearer " + access).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals(400, token(http, app.port(), id, secret + "x").statusCode());
        }
        assertTrue(run("client", "remove", id, "--data", data.toString()).contains("removed"));
        try (ServeCommand.Application app = ServeCommand.Application.start(s)) {
            assertEquals(400, token(http, app.port(), id, secret).statusCode());
        }
    }
}
