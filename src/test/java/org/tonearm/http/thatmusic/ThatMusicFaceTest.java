package org.tonearm.http.thatmusic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonearm.cli.ServeCommand;
import org.tonearm.cli.Settings;
import org.tonearm.vk.web.FakeMobileVk;
import org.tonearm.vk.web.FakeMobileVk.SecondFactor;
import org.tonearm.vk.web.TestAudio;

class ThatMusicFaceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path fixtures;
    static Path tone;
    static byte[] toneBytes;
    static Path hls;

    @TempDir
    Path data;
    FakeMobileVk vk;
    ServeCommand.Application app;
    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, String> settings = new HashMap<>();

    @BeforeAll
    static void audio() throws Exception {
        tone = TestAudio.mp3(fixtures, "tone.mp3", 12, 192, 440);
        toneBytes = Files.readAllBytes(tone);
        hls = TestAudio.hls(tone, fixtures.resolve("hls"));
    }

    @BeforeEach
    void fake() throws Exception {
        vk = new FakeMobileVk();
        vk.addAccount("user@example.org", "s3cret", SecondFactor.NONE, 1373158607L);
        settings.put("data.dir", data.toString());
        settings.put("http.port", "0");
        settings.put("http.host", "127.0.0.1");
        settings.put("catalog.demo-tracks", "0");
        settings.put("vk.web.base-url", vk.baseUrl());
        settings.put("vk.accounts", "user@example.org:s3cret");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        vk.close();
    }

    void start() throws Exception {
        if (app != null) {
            app.close();
        }
        app = ServeCommand.Application.start(Settings.of(settings));
    }

    String base() {
        return "http://127.0.0.1:" + app.port();
    }

    HttpResponse<byte[]> get(String pathOrUrl, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base() + pathOrUrl));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(HttpResponse<byte[]> res) throws Exception {
        return JSON.readTree(res.body());
    }

    static void assertError(HttpResponse<byte[]> res, int status, String mentions) throws Exception {
        assertEquals(status, res.statusCode(), new String(res.body(), StandardCharsets.UTF_8));
        JsonNode e = JSON.readTree(res.body()).get("error");
        assertEquals(status, e.get("status").asInt());
        assertTrue(e.get("message").asText().contains(mentions), e.get("message").asText());
    }

    /** Authorises and searches; returns the results. */
    JsonNode search(String q, int page) throws Exception {
        HttpResponse<byte[]> res = get("/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&page=" + page);
        assertEquals(200, res.statusCode(), new String(res.body(), StandardCharsets.UTF_8));
        return json(res).get("data");
    }

    void authorize() throws Exception {
        HttpResponse<byte[]> res = get("/_auth/");
        assertEquals(200, res.statusCode(), new String(res.body(), StandardCharsets.UTF_8));
        assertTrue(json(res).get("authorized").asBoolean());
    }

    @Test
    void ownsOnlyThatmusicsPaths() throws Exception {
        ThatMusicFace face = new ThatMusicFace(new ThatMusicConfig(java.time.Duration.ofHours(24), null),
            new org.tonearm.vk.web.MobileVkClient(new org.tonearm.vk.web.VkWebConfig(URI.create(vk.baseUrl()), List.of(),
                data, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), 20)),
            null, null, null, null, java.time.Clock.systemUTC());
        for (String p : List.of("/search", "/search/", "/dl/a/b", "/stream/a/b", "/_auth", "/_auth/", "/_auth_second_factor/")) {
            assertTrue(face.owns(p), p);
        }
        for (String p : List.of("/", "/v1/search", "/api/v1/search", "/api/token", "/searching", "/download", "/health")) {
            assertFalse(face.owns(p), p);
        }
    }

    @Test
    void withoutAccountsEveryEndpointSaysToConfigureThem() throws Exception {
        settings.remove("vk.accounts");
        start();
        assertError(get("/search?q=moby"), 401, "vk.accounts");
        assertError(get("/_auth/"), 401, "vk.accounts");
        assertError(get("/dl/00000000/00000000"), 401, "vk.accounts");
        assertEquals(200, get("/health").statusCode(), "other faces are untouched");
    }

    @Test
    void secondFactorThroughAuthEndpointsThenSearch() throws Exception {
        vk.addAccount("2fa@example.org", "pw", SecondFactor.CODE, 99L);
        settings.put("vk.accounts", "2fa@example.org:pw");
        vk.addMp3("Moby", "Porcelain", 241, toneBytes);
        start();
        assertError(get("/search?q=moby"), 401, "/_auth/");

        HttpResponse<byte[]> auth = get("/_auth/");
        assertEquals(200, auth.statusCode());
        JsonNode body = json(auth);
        assertFalse(body.get("authorized").asBoolean());
        assertEquals("code", body.get("missing_fields").get(0).asText());
        assertTrue(body.get("message").asText().contains("/_auth_second_factor/?code="), body.toString());
        assertFalse(body.toString().contains("pw\""), "no password in answers");
        assertError(get("/search?q=moby"), 401, "second factor");

        assertError(get("/_auth_second_factor/"), 400, "code");
        HttpResponse<byte[]> wrong = get("/_auth_second_factor/?code=111111");
        assertTrue(json(wrong).get("accounts").get(0).get("message").asText().contains("Incorrect code"));
        assertFalse(json(wrong).get("authorized").asBoolean());

        HttpResponse<byte[]> ok = get("/_auth_second_factor/?code=" + vk.code());
        assertEquals(200, ok.statusCode());
        assertTrue(json(ok).get("authorized").asBoolean());
        assertEquals("Porcelain", search("moby", 0).get(0).get("title").asText());
    }

    @Test
    void searchGivesAbsoluteLinksWithThatmusicsHashesAndPages() throws Exception {
        for (int i = 1; i <= 23; i++) {
            vk.addMp3("Moby", "Track " + i, 100 + i, toneBytes);
        }
        start();
        authorize();
        JsonNode page0 = search("moby", 0);
        assertEquals(20, page0.size());
        JsonNode first = page0.get(0);
        assertEquals("Moby", first.get("artist").asText());
        assertEquals("Track 1", first.get("title").asText());
        assertEquals(101, first.get("duration").asInt());
        String searchHash = Hashes.crc32("moby.0");
        String audioHash = Hashes.crc32("-20001_451");
        assertEquals(base() + "/dl/" + searchHash + "/" + audioHash, first.get("download").asText());
        assertEquals(base() + "/stream/" + searchHash + "/" + audioHash, first.get("stream").asText());
        JsonNode page1 = search("moby", 1);
        assertEquals(3, page1.size());
        assertEquals("Track 21", page1.get(0).get("title").asText());
        assertTrue(page1.get(0).get("download").asText().contains("/dl/" + Hashes.crc32("moby.1") + "/"));

        search("moby", 0);
        assertEquals(2, vk.searchesBy("user@example.org"), "a repeated search is answered from the cache");
        assertError(get("/search?q=moby&page=-1"), 400, "page");
        assertError(get("/search?q=moby&page=x"), 400, "page");
        assertError(get("/search"), 400, "q");
    }

    @Test
    void downloadHasTheFileNameIsCachedAndServesRanges() throws Exception {
        FakeMobileVk.Track t = vk.addMp3("AC/DC: \"Live\"", "Тест \\ 1", 12, toneBytes);
        start();
        authorize();
        String dl = search("ac/dc", 0).get(0).get("download").asText();

        HttpResponse<byte[]> res = get(dl);
        assertEquals(200, res.statusCode());
        assertArrayEquals(toneBytes, res.body());
        assertEquals("audio/mpeg", res.headers().firstValue("content-type").orElseThrow());
        assertEquals(toneBytes.length, res.headers().firstValueAsLong("content-length").orElse(-1),
            "the first download, still arriving from VK, announces the length VK gave");
        String cd = res.headers().firstValue("content-disposition").orElseThrow();
        assertEquals("attachment; filename=\"AC_DC_ _Live_ - ____ _ 1.mp3\"; "
            + "filename*=UTF-8''AC_DC_%20_Live_%20-%20%D0%A2%D0%B5%D1%81%D1%82%20_%201.mp3", cd);

        assertArrayEquals(toneBytes, get(dl).body());
        assertEquals(1, vk.downloads(t), "the second download came from the cache");

        HttpResponse<byte[]> part = get(dl, "Range", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-199/" + toneBytes.length, part.headers().firstValue("content-range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(toneBytes, 100, 200), part.body());
        HttpResponse<byte[]> tail = get(dl, "Range", "bytes=-10");
        assertArrayEquals(java.util.Arrays.copyOfRange(toneBytes, toneBytes.length - 10, toneBytes.length), tail.body());
        assertError(get(dl, "Range", "bytes=" + toneBytes.length + "-"), 416, "range");

        HttpResponse<byte[]> stream = get(dl.replace("/dl/", "/stream/"));
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("content-disposition").orElseThrow().startsWith("inline;"));
        assertArrayEquals(toneBytes, stream.body());
        assertEquals(1, vk.downloads(t));
    }

    @Test
    void concurrentRequestsForOneFileDownloadItOnce() throws Exception {
        FakeMobileVk.Track t = vk.addMp3("Slow", "Song", 12, toneBytes);
        vk.throttle(600_000);
        start();
        authorize();
        String dl = search("slow", 0).get(0).get("download").asText();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<byte[]>>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String[] headers = i % 2 == 0 ? new String[0] : new String[] {"Range", "bytes=0-99"};
                all.add(pool.submit(() -> get(dl, headers)));
            }
            int i = 0;
            for (Future<HttpResponse<byte[]>> f : all) {
                HttpResponse<byte[]> r = f.get();
                if (i++ % 2 == 0) {
                    assertArrayEquals(toneBytes, r.body());
                } else {
                    assertEquals(206, r.statusCode());
                    assertEquals(100, r.body().length);
                }
            }
        }
        assertEquals(1, vk.downloads(t));
    }

    @Test
    void aClientLeavingMidStreamLeavesNoBrokenFileInTheCache() throws Exception {
        FakeMobileVk.Track t = vk.addMp3("Leave", "Early", 12, toneBytes);
        vk.throttle(400_000);
        start();
        authorize();
        URI dl = URI.create(search("leave", 0).get(0).get("download").asText());
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + dl.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] some = new byte[30_000];
            int got = 0;
            while (got < some.length) {
                got += in.read(some, got, some.length - got);
            }
        }
        Path cache = data.resolve("audio-cache");
        Path file = cache.resolve(Hashes.crc32("-20001_451") + ".mp3");
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        if (Files.exists(file)) {
            assertArrayEquals(toneBytes, Files.readAllBytes(file), "whatever is in the cache is complete");
        }
        try (Stream<Path> partial = Files.list(cache.resolve(".partial"))) {
            assertEquals(0, partial.count());
        }
        assertArrayEquals(toneBytes, get(dl.toString()).body());
        assertEquals(1, vk.downloads(t));
    }

    @Test
    void upstreamFailuresAre502AndLeaveNothingCached() throws Exception {
        vk.addMp3("Broken", "Song", 12, toneBytes);
        start();
        authorize();
        String dl = search("broken", 0).get(0).get("download").asText();
        vk.audioHostDown(true);
        assertError(get(dl), 502, "503");
        vk.audioHostDown(false);
        vk.breakAfterBytes(0);
        assertError(get(dl), 502, "broke off");
        vk.breakAfterBytes(100_000);
        assertThrows(java.io.IOException.class, () -> get(dl), "a download that breaks off mid-stream is not passed off as complete");
        vk.breakAfterBytes(-1);
        try (Stream<Path> files = Files.walk(data.resolve("audio-cache"))) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
        assertArrayEquals(toneBytes, get(dl).body(), "after the failures the file downloads fine");
    }

    @Test
    void unknownHashesAre404() throws Exception {
        vk.addMp3("Moby", "One", 12, toneBytes);
        start();
        authorize();
        String dl = search("moby", 0).get(0).get("download").asText();
        String searchHash = dl.split("/")[4];
        assertError(get("/dl/" + searchHash + "/deadbeef"), 404, "deadbeef");
        assertError(get("/dl/deadbeef/deadbeef"), 404, "search");
        assertError(get("/dl/../etc"), 404, "");
        assertError(get("/stream/nothex!!/12345678"), 404, "hash");
        assertError(get(dl + "?bitrate=100"), 400, "bitrate");
    }

    @Test
    void anExpiredSearchIsRunAgain() throws Exception {
        FakeMobileVk.Track t = vk.addMp3("Moby", "Expiring", 12, toneBytes);
        settings.put("thatmusic.search-ttl-seconds", "1");
        start();
        authorize();
        String dl = search("moby", 0).get(0).get("download").asText();
        Thread.sleep(1_200);
        assertArrayEquals(toneBytes, get(dl).body());
        assertEquals(2, vk.searchesBy("user@example.org"), "the expired search was run again for fresh links");
        assertEquals(1, vk.downloads(t));
    }

    @Test
    void persistentSearchCacheSurvivesARestart() throws Exception {
        vk.addMp3("Moby", "Persisted", 12, toneBytes);
        settings.put("thatmusic.search-cache", "sqlite");
        start();
        authorize();
        String path = URI.create(search("moby", 0).get(0).get("download").asText()).getPath();
        start();
        assertArrayEquals(toneBytes, get(path).body(), "old links work after a restart");
        assertEquals(1, vk.searchesBy("user@example.org"));
        assertEquals(1, vk.logins(), "the saved session was reused");
    }

    @Test
    void bitratesAreConvertedAndCachedSeparately() throws Exception {
        FakeMobileVk.Track t = vk.addMp3("Moby", "Bitrate", 12, toneBytes);
        start();
        authorize();
        String dl = search("moby", 0).get(0).get("download").asText();
        Map<Integer, byte[]> out = new HashMap<>();
        for (int kbps : new int[] {128, 320}) {
            HttpResponse<byte[]> res = get(dl + "?bitrate=" + kbps);
            assertEquals(200, res.statusCode());
            Path f = data.resolve("probe-" + kbps + ".mp3");
            Files.write(f, res.body());
            TestAudio.Probe probe = TestAudio.probe(f);
            assertEquals(kbps * 1000, probe.bitRate(), kbps * 1000 * 0.05, "bit_rate of the " + kbps + " version");
            assertEquals(12.0, probe.duration(), 0.3);
            out.put(kbps, res.body());
        }
        String hash = dl.substring(dl.lastIndexOf('/') + 1);
        assertTrue(Files.exists(data.resolve("audio-cache").resolve(hash + "-128.mp3")));
        assertTrue(Files.exists(data.resolve("audio-cache").resolve(hash + "-320.mp3")));
        assertArrayEquals(out.get(128), get(dl + "?bitrate=128").body(), "served again from the cache");
        assertEquals(1, vk.downloads(t), "the original was fetched once for both conversions");
    }

    @Test
    void hlsAudioIsServedAsOneMp3() throws Exception {
        vk.addHls("Moby", "Stream", 12, hls, false, null);
        start();
        authorize();
        HttpResponse<byte[]> res = get(search("moby", 0).get(0).get("download").asText());
        assertEquals(200, res.statusCode());
        Path f = data.resolve("hls.mp3");
        Files.write(f, res.body());
        assertEquals(TestAudio.probe(tone).duration(), TestAudio.probe(f).duration(), 0.3);
        assertEquals("", TestAudio.decodeErrors(f));
    }

    @Test
    void theFileCacheEvictsLeastRecentlyUsedFilesUnderItsLimit() throws Exception {
        List<FakeMobileVk.Track> tracks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tracks.add(vk.addMp3("Lru", "N" + i, 12, toneBytes));
        }
        settings.put("thatmusic.file-cache-mb", "1");
        start();
        authorize();
        JsonNode results = search("lru", 0);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(toneBytes, get(results.get(i).get("download").asText()).body());
        }
        long size;
        try (Stream<Path> files = Files.list(data.resolve("audio-cache"))) {
            size = files.filter(p -> p.toString().endsWith(".mp3")).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(size <= 1 << 20, "cache holds " + size + " bytes");
        get(results.get(4).get("download").asText());
        assertEquals(1, vk.downloads(tracks.get(4)), "the newest file is still cached");
        get(results.get(0).get("download").asText());
        assertEquals(2, vk.downloads(tracks.get(0)), "the oldest was evicted and fetched again");
    }
}
