package org.tonearm.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonearm.TonearmException;
import org.tonearm.vk.web.FakeMobileVk;
import org.tonearm.vk.web.TestAudio;

class AudioFetcherTest {
    @TempDir
    static Path dir;
    static FakeMobileVk vk;
    static Path mp3;
    static Path hls;
    final AudioFetcher fetcher = new AudioFetcher(Duration.ofSeconds(20));

    @BeforeAll
    static void fixtures() throws Exception {
        mp3 = TestAudio.mp3(dir, "tone.mp3", 12, 192, 440);
        hls = TestAudio.hls(mp3, dir.resolve("hls"));
        vk = new FakeMobileVk();
    }

    @AfterAll
    static void stop() {
        vk.close();
    }

    @Test
    void plainMp3IsCopiedAsIs() throws Exception {
        byte[] bytes = Files.readAllBytes(mp3);
        FakeMobileVk.Track t = vk.addMp3("A", "B", 12, bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fetcher.fetch(vk.realUrl(t), out);
        assertArrayEquals(bytes, out.toByteArray());
    }

    @Test
    void hlsWithAesAndPlainSegmentsBecomesOneValidMp3() throws Exception {
        String playlist = Files.readString(hls.resolve("index.m3u8"));
        assertTrue(playlist.contains("METHOD=AES-128") && playlist.contains("METHOD=NONE"), playlist);
        assertTrue(playlist.contains("#EXT-X-MEDIA-SEQUENCE:3"), "IVs are not all zero");
        FakeMobileVk.Track t = vk.addHls("A", "HLS", 12, hls, false, null);
        Path out = dir.resolve("demuxed.mp3");
        try (var os = Files.newOutputStream(out)) {
            fetcher.fetch(vk.realUrl(t), os);
        }
        TestAudio.Probe probe = TestAudio.probe(out);
        assertEquals("mp3", probe.codec());
        assertEquals(TestAudio.probe(mp3).duration(), probe.duration(), 0.3);
        assertEquals("", TestAudio.decodeErrors(out), "the demuxed MP3 decodes without errors");
    }

    @Test
    void hlsLinkWhosePlainMp3ExistsIsFetchedAsThatMp3() throws Exception {
        byte[] bytes = Files.readAllBytes(mp3);
        FakeMobileVk.Track t = vk.addHls("A", "Rewrite", 12, hls, true, bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fetcher.fetch(vk.realUrl(t), out);
        assertArrayEquals(bytes, out.toByteArray());
        assertEquals(vk.baseUrl() + "/hls/1/audios/1.mp3?extra=tok",
            AudioFetcher.plainMp3(vk.baseUrl() + "/hls/1/c0ffee/audios/1/index.m3u8?extra=tok"));
        assertEquals("https://cs1.vkuseraudio.net/s/v1/a/f42d.mp3", AudioFetcher.plainMp3("https://cs1.vkuseraudio.net/s/v1/a/x1/f42d/index.m3u8"));
    }

    @Test
    void ivIsTheMediaSequenceNumberBigEndian() {
        byte[] iv = AudioFetcher.ivOf(0x0102);
        assertEquals(16, iv.length);
        assertEquals(1, iv[14]);
        assertEquals(2, iv[15]);
        assertEquals(0, iv[0]);
    }

    @Test
    void aDownloadThatBreaksOffIsAnUpstreamFailure() throws Exception {
        try (FakeMobileVk broken = new FakeMobileVk()) {
            FakeMobileVk.Track t = broken.addMp3("A", "B", 12, Files.readAllBytes(mp3));
            broken.breakAfterBytes(100_000);
            assertThrows(TonearmException.UpstreamFailed.class, () -> fetcher.fetch(broken.realUrl(t), new ByteArrayOutputStream()));
            broken.breakAfterBytes(-1);
            broken.audioHostDown(true);
            TonearmException.UpstreamFailed down = assertThrows(TonearmException.UpstreamFailed.class,
                () -> fetcher.fetch(broken.realUrl(t), new ByteArrayOutputStream()));
            assertTrue(down.getMessage().contains("503"), down.getMessage());
        }
    }
}
