package org.tonearm.http.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/credentials/...}: CRUD per service, secrets encrypted at rest and only ever shown masked. */
class CredentialsApiTest {
    private static final String PW = "creds-password-1";
    private static final String VK_PASSWORD = "vk-account-password-XYZW";
    private static final String SPOTIFY_SECRET = "spotify-client-secret-ABCD";

    @Test
    void crudWithMaskedSecretsAndEncryptionAtRest() throws Exception {
        Path dataDir;
        try (ManageApp app = ManageApp.start(Map.of())) {
            dataDir = app.dataDir;
            app.post("/api/auth/register", null, "{\"username\":\"admin\",\"password\":\"" + PW + "\"}");
            String t = app.login("admin", PW);

            var created = app.post("/api/credentials/vk/main", t, "{\"login\":\"+79990001122\",\"password\":\"" + VK_PASSWORD + "\"}");
            assertEquals(200, created.status(), created.body());
            assertEquals("+79990001122", created.json().at("/credential/login").asText());
            assertEquals("********XYZW", created.json().at("/credential/password").asText());
            assertEquals(409, app.post("/api/credentials/vk/main", t, "{\"access_token\":\"tok-1234567890abc\"}").status());

            var one = app.get("/api/credentials/vk/main", t);
            assertEquals("********XYZW", one.json().get("password").asText());
            assertEquals("[\"main\"]", app.get("/api/credentials/vk", t).body());
            var all = app.get("/api/credentials/all/vk", t);
            assertEquals(1, all.json().size());

            var updated = app.put("/api/credentials/vk/main", t, "{\"access_token\":\"vk1.a.token-value-9876\"}");
            assertEquals(200, updated.status(), updated.body());
            assertEquals("+79990001122", updated.json().at("/credential/login").asText(), "other fields kept");
            assertEquals("********9876", updated.json().at("/credential/access_token").asText());
            assertEquals(VK_PASSWORD, app.state.credentials.get("vk", "main").fields().get("password"), "services read the plaintext");

            var wrongField = app.post("/api/credentials/vk/second", t, "{\"client_id\":\"abc\"}");
            assertEquals(400, wrongField.status());
            assertTrue(wrongField.json().get("error").asText().contains("client_id"), wrongField.body());
            assertEquals(400, app.post("/api/credentials/vk/second", t, "{\"login\":\"only-login\"}").status());
            assertEquals(404, app.get("/api/credentials/deezer", t).status());
            assertEquals(404, app.get("/api/credentials/vk/missing", t).status());
            assertEquals(400, app.post("/api/credentials/vk/bad%20name!", t, "{\"access_token\":\"x-123456789012\"}").status());

            var api = app.put("/api/credentials/spotify_api_config", t, "{\"client_id\":\"my-client-id\",\"client_secret\":\"" + SPOTIFY_SECRET + "\"}");
            assertEquals(200, api.status(), api.body());
            assertEquals("my-client-id", api.json().get("client_id").asText());
            assertEquals("********ABCD", app.get("/api/credentials/spotify_api_config", t).json().get("client_secret").asText());
            assertTrue(app.get("/api/credentials/markets", t).json().get("markets").toString().contains("\"SE\""));

            for (String path : new String[] {"/api/credentials/vk/main", "/api/credentials/all/vk", "/api/credentials/spotify_api_config"}) {
                String body = app.get(path, t).body();
                assertFalse(body.contains(VK_PASSWORD) || body.contains(SPOTIFY_SECRET) || body.contains("token-value-9876"), body);
            }
            assertEquals(200, app.post("/api/credentials/spotify/backup", t, "{\"client_id\":\"cid\",\"client_secret\":\"" + SPOTIFY_SECRET + "\"}").status());
            assertEquals(200, app.delete("/api/credentials/spotify/backup", t).status());
            assertEquals(404, app.delete("/api/credentials/spotify/backup", t).status());
        }
        byte[] db = Files.readAllBytes(dataDir.resolve("tonearm.db"));
        String raw = new String(db, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains(VK_PASSWORD), "the database file holds no plaintext secret");
        assertFalse(raw.contains(SPOTIFY_SECRET));
        for (Path wal : new Path[] {dataDir.resolve("tonearm.db-wal")}) {
            if (Files.exists(wal)) {
                assertFalse(new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1).contains(VK_PASSWORD));
            }
        }
        // same data folder, same key: the secrets survive a restart
        try (ManageApp again = ManageApp.start(dataDir, Map.of())) {
            assertEquals(VK_PASSWORD, again.state.credentials.get("vk", "main").fields().get("password"));
        }
    }
}
