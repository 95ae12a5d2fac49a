package org.tonearm.http.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.tonearm.catalog.CatalogHolder;
import org.tonearm.catalog.CatalogStore;
import org.tonearm.http.HttpServer;
import org.tonearm.http.root.RootFace;

/**
 * The Spotify face started in-process on a random port over a catalog, with a client whose every response is
 * validated against Spotify's OpenAPI description: a test cannot see a response the schema has not checked.
 */
final class SpotifyServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, headers and parsed body. */
    record Reply(int status, Map<String, List<String>> headers, JsonNode body, String raw) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().getFirst())
                .findFirst().orElse(null);
        }
    }

    private final CatalogHolder holder;
    private final HttpServer http;
    private final HttpClient client = HttpClient.newHttpClient();
    private final SpotifySchema schema = SpotifySchema.spotify2025();

    SpotifyServer(Path data, SpotifyConfig config, BiPredicate<String, String> clients, Clock clock) {
        holder = new CatalogHolder(new CatalogStore(data.resolve("catalog")));
        SpotifyFace face = new SpotifyFace(holder, config, clients, clock);
        http = new HttpServer(List.of(face), new RootFace(Map::of), 1 << 20).start("127.0.0.1", 0);
    }

    static SpotifyConfig open(String publicUrl) {
        return new SpotifyConfig(false, 0, publicUrl, "US", java.time.Duration.ofHours(1));
    }

    String base() {
        return "http://127.0.0.1:" + http.port();
    }

    int port() {
        return http.port();
    }

    /** GET a path and check the response against the schema. */
    Reply get(String pathAndQuery) {
        return get(pathAndQuery, null);
    }

    Reply get(String pathAndQuery, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        Reply r = send(b.build());
        if (pathAndQuery.startsWith("/v1")) {
            schema.assertValid("GET", pathAndQuery, r.status(), r.body());
        }
        return r;
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = resp.body().isEmpty() ? null : JSON.readTree(resp.body());
            return new Reply(resp.statusCode(), resp.headers().map(), body, resp.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        holder.close();
    }
}
