package org.tonearm.http.manage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tonearm.cli.Settings;
import org.tonearm.cli.StateWiring;
import org.tonearm.http.HttpServer;
import org.tonearm.http.root.RootFace;

/** The management face served in-process on a random port over a fresh data folder, with a small HTTP client. */
final class ManageApp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer: status, headers and body. */
    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    final Path dataDir;
    final StateWiring state;
    final ManageFace face;
    final HttpServer http;
    /** Like a browser, the client keeps cookies (the SSO flow binds its state to one). */
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .cookieHandler(new java.net.CookieManager())
        .connectTimeout(Duration.ofSeconds(5)).build();

    private ManageApp(Path dataDir, StateWiring state, HttpServer http, ManageFace face) {
        this.dataDir = dataDir;
        this.state = state;
        this.http = http;
        this.face = face;
    }

    /** Starts with fast (test-only) Argon2 parameters plus the given settings. */
    static ManageApp start(Map<String, String> extra) {
        try {
            return start(Files.createTempDirectory("tonearm-manage"), extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on an existing data folder (a restart). */
    static ManageApp start(Path dataDir, Map<String, String> extra) {
        {
            Map<String, String> values = new HashMap<>();
            values.put("auth.argon2.memory-kib", "1024");
            values.put("auth.argon2.iterations", "1");
            values.put("http.dev", "true");
            values.putAll(extra);
            StateWiring state = StateWiring.open(Settings.of(values), dataDir, 0);
            ManageFace face = state.face();
            HttpServer http = new HttpServer(List.of(face), new RootFace(Map::of), 1 << 20).start("127.0.0.1", 0);
            return new ManageApp(dataDir, state, http, face);
        }
    }

    String base() {
        return "http://127.0.0.1:" + http.port();
    }

    Reply send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null);
    }

    Reply post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    Reply put(String path, String token, String body) {
        return send("PUT", path, token, body);
    }

    Reply delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    /** Logs in and returns the access token (fails the test on anything but 200). */
    String login(String username, String password) {
        Reply r = post("/api/auth/login", null, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (r.status() != 200) {
            throw new AssertionError("login of " + username + " answered " + r.status() + ": " + r.body());
        }
        return r.json().get("access_token").asText();
    }

    @Override
    public void close() {
        http.close();
        state.close();
    }
}
