package org.tonearm.http.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.tonearm.store.DownloadConfig;
import org.tonearm.store.WatchConfig;

/** {@code /api/config/...}: validated, persisted in the store, pushed to listeners without a restart. */
class ConfigApiTest {
    private static final String PW = "config-password-1";

    @Test
    void changesAreValidatedPersistedAndAppliedLive() throws Exception {
        Path root = Files.createTempDirectory("tonearm-music");
        Map<String, String> settings = Map.of("config.download-roots", root.toString());
        Path dataDir;
        try (ManageApp app = ManageApp.start(settings)) {
            dataDir = app.dataDir;
            app.post("/api/auth/register", null, "{\"username\":\"admin\",\"password\":\"" + PW + "\"}");
            String token = app.login("admin", PW);
            List<DownloadConfig> seen = new CopyOnWriteArrayList<>();
            app.state.config.onDownloadChange(seen::add);

            var initial = app.get("/api/config/", token).json();
            assertEquals(3, initial.get("maxConcurrentDownloads").asInt());
            assertEquals(root.toString(), initial.get("downloadPath").asText());

            Path sub = root.resolve("library/new");
            var saved = app.post("/api/config/", token, "{\"maxConcurrentDownloads\":5,\"fileFormat\":\"flac\",\"downloadPath\":\""
                + sub + "\",\"realTime\":true,\"service\":\"spotify\",\"spotifyQuality\":\"very_high\"}");
            assertEquals(200, saved.status(), saved.body());
            assertEquals(5, saved.json().get("maxConcurrentDownloads").asInt());
            assertEquals("mp3_320", saved.json().get("deezerQuality").asText(), "fields not sent stay as they were");
            assertTrue(Files.isDirectory(sub));
            assertEquals(1, seen.size());
            assertEquals(5, seen.getFirst().maxConcurrentDownloads());
            assertEquals(5, app.state.config.download().maxConcurrentDownloads());

            var viaPut = app.put("/api/config/", token, "{\"maxConcurrentDownloads\":2}");
            assertEquals(2, viaPut.json().get("maxConcurrentDownloads").asInt());
            assertEquals("flac", app.get("/api/config/", token).json().get("fileFormat").asText());
            var check = app.get("/api/config/check", token).json();
            assertTrue(check.get("valid").asBoolean());
        }
        // a restart on the same data folder reads the saved configuration
        try (ManageApp again = ManageApp.start(dataDir, settings)) {
            var reloaded = again.get("/api/config/", again.login("admin", PW)).json();
            assertEquals(2, reloaded.get("maxConcurrentDownloads").asInt());
            assertEquals("flac", reloaded.get("fileFormat").asText());
            assertEquals(root.resolve("library/new").toString(), reloaded.get("downloadPath").asText());
        }
    }

    @Test
    void everyFieldIsRangeCheckedAndTheDownloadPathMustBeInsideTheRootsAndWritable() throws Exception {
        Path root = Files.createTempDirectory("tonearm-music");
        Path file = Files.writeString(root.resolve("a-file"), "x");
        try (ManageApp app = ManageApp.start(Map.of("config.download-roots", root.toString()))) {
            app.post("/api/auth/register", null, "{\"username\":\"admin\",\"password\":\"" + PW + "\"}");
            String token = app.login("admin", PW);
            Map<String, String> bad = Map.of(
                "{\"maxConcurrentDownloads\":0}", "maxConcurrentDownloads",
                "{\"maxConcurrentDownloads\":1000}", "maxConcurrentDownloads",
                "{\"service\":\"napster\"}", "service",
                "{\"spotifyQuality\":\"ultra\"}", "spotifyQuality",
                "{\"deezerQuality\":\"mp3_999\"}", "deezerQuality",
                "{\"fileFormat\":\"exe\"}", "fileFormat",
                "{\"downloadPath\":\"/etc\"}", "downloadPath",
                "{\"downloadPath\":\"" + root + "/../escape\"}", "downloadPath",
                "{\"downloadPath\":\"relative/path\"}", "downloadPath",
                "{\"downloadPath\":\"" + file + "/below-a-file\"}", "downloadPath");
            for (var e : bad.entrySet()) {
                for (String path : List.of("/api/config/", "/api/config/validate")) {
                    var r = app.post(path, token, e.getKey());
                    assertEquals(400, r.status(), e.getKey() + " -> " + r.body());
                    assertEquals(e.getValue(), r.json().at("/details/0/field").asText(), r.body());
                }
            }
            assertEquals(3, app.get("/api/config/", token).json().get("maxConcurrentDownloads").asInt(), "nothing was saved");
            var ok = app.post("/api/config/validate", token, "{\"maxConcurrentDownloads\":4}");
            assertEquals(200, ok.status());
            assertTrue(ok.json().get("valid").asBoolean());
            assertEquals(3, app.get("/api/config/", token).json().get("maxConcurrentDownloads").asInt(), "validate does not save");
        }
    }

    @Test
    void watchConfigurationRoundTripsAndIsRangeChecked() {
        try (ManageApp app = ManageApp.start(Map.of())) {
            app.post("/api/auth/register", null, "{\"username\":\"admin\",\"password\":\"" + PW + "\"}");
            String token = app.login("admin", PW);
            List<WatchConfig> seen = new CopyOnWriteArrayList<>();
            app.state.config.onWatchChange(seen::add);
            var initial = app.get("/api/config/watch", token).json();
            assertEquals(3600, initial.get("check_interval").asInt());
            var saved = app.put("/api/config/watch", token, "{\"enabled\":true,\"check_interval\":7200,\"max_concurrent_checks\":4}");
            assertEquals(200, saved.status(), saved.body());
            assertTrue(saved.json().get("enabled").asBoolean());
            assertEquals(1800, saved.json().get("retry_failed_after").asInt());
            assertEquals(7200, seen.getFirst().checkInterval());
            var bad = app.post("/api/config/watch", token, "{\"check_interval\":5}");
            assertEquals(400, bad.status());
            assertEquals("check_interval", bad.json().at("/details/0/field").asText());
            assertEquals(400, app.post("/api/config/watch/validate", token, "{\"max_concurrent_checks\":99}").status());
            assertEquals(200, app.post("/api/config/watch/validate", token, "{\"max_concurrent_checks\":3}").status());
            assertEquals(7200, app.get("/api/config/watch", token).json().get("check_interval").asInt());
        }
    }
}
