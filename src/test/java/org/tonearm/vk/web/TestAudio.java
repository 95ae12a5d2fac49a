package org.tonearm.vk.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real audio fixtures made with ffmpeg: an MP3 from a sine tone, and HLS folders made from it. */
public final class TestAudio {
    private TestAudio() {
    }

    /** An MP3 of {@code seconds} of a tone, at {@code kbps}. */
    public static Path mp3(Path dir, String name, int seconds, int kbps, int hz) throws Exception {
        Path out = dir.resolve(name);
        run(dir, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=" + hz + ":duration=" + seconds,
            "-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", kbps + "k", out.toString());
        return out;
    }

    /**
     * An HLS folder from an MP3: ffmpeg segments it twice, once AES-128 encrypted (key info file without IV, so
     * the IV is the media sequence number) and once plain; the playlist takes even segments from the encrypted run
     * and odd ones from the plain run, as VK's playlists alternate. The key URI is {@code KEYURI}, for the fake to fill in.
     */
    public static Path hls(Path mp3, Path dir) throws Exception {
        Files.createDirectories(dir);
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        Files.write(dir.resolve("key.pub"), key);
        Path info = dir.resolve("key.info");
        Files.writeString(info, "KEYURI\n" + dir.resolve("key.pub") + "\n");
        run(dir, "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", mp3.toString(), "-c:a", "copy", "-f", "hls", "-hls_time", "2", "-start_number", "3",
            "-hls_list_size", "0", "-hls_key_info_file", info.toString(), "-hls_segment_filename",
            dir.resolve("enc-%d.ts").toString(), dir.resolve("enc.m3u8").toString());
        run(dir, "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", mp3.toString(), "-c:a", "copy", "-f", "hls", "-hls_time", "2", "-start_number", "3",
            "-hls_list_size", "0", "-hls_segment_filename", dir.resolve("plain-%d.ts").toString(), dir.resolve("plain.m3u8").toString());
        List<String> plain = Files.readAllLines(dir.resolve("plain.m3u8"));
        List<String> out = new ArrayList<>();
        int segment = 0;
        for (String line : plain) {
            if (line.startsWith("#EXTINF")) {
                out.add(segment % 2 == 0 ? "#EXT-X-KEY:METHOD=AES-128,URI=\"KEYURI\"" : "#EXT-X-KEY:METHOD=NONE");
                out.add(line);
            } else if (line.startsWith("plain-")) {
                out.add((segment % 2 == 0 ? "enc-" : "plain-") + line.substring("plain-".length()));
                segment++;
            } else {
                out.add(line);
            }
        }
        if (segment < 3) {
            throw new IllegalStateException("expected several HLS segments, got " + segment);
        }
        Files.write(dir.resolve("index.m3u8"), out);
        return dir;
    }

    /** ffprobe's view of a file: format duration (seconds), bit_rate, and the first stream's codec. */
    public record Probe(double duration, long bitRate, String codec) {
    }

    public static Probe probe(Path file) throws Exception {
        String json = run(file.getParent(), "ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", file.toString());
        JsonNode n = new ObjectMapper().readTree(json);
        JsonNode f = n.get("format");
        return new Probe(f.get("duration").asDouble(), f.path("bit_rate").asLong(),
            n.get("streams").get(0).get("codec_name").asText());
    }

    /** Decodes the whole file and returns ffmpeg's complaints (empty when the MP3 is clean). */
    public static String decodeErrors(Path file) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out.strip();
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + err);
        }
        return out;
    }
}
