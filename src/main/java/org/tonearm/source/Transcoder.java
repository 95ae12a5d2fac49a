package org.tonearm.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;

/** Re-encodes an MP3 to another constant bitrate with ffmpeg, streaming ffmpeg's output as it comes. */
public final class Transcoder {
    private static final Logger log = LoggerFactory.getLogger(Transcoder.class);
    /** The bitrates clients may ask for, in kbit/s. */
    public static final List<Integer> BITRATES = List.of(64, 128, 192, 320);

    private final String ffmpeg;

    /** @param ffmpeg the ffmpeg binary (a name on PATH or a path) */
    public Transcoder(String ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    public void toMp3(Path input, int kbps, OutputStream out) throws IOException {
        if (!BITRATES.contains(kbps)) {
            throw new TonearmException.InvalidInput("bitrate must be one of " + BITRATES);
        }
        Process p;
        try {
            p = new ProcessBuilder(ffmpeg, "-nostdin", "-v", "error", "-i", input.toString(), "-vn", "-map_metadata", "0",
                "-c:a", "libmp3lame", "-b:a", kbps + "k", "-f", "mp3", "pipe:1").start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new TonearmException.Unavailable("bitrate conversion needs ffmpeg, which cannot be started: " + e.getMessage());
        }
        log.info("converting {} to {} kbit/s", input.getFileName(), kbps);
        StringBuilder errors = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try (InputStream err = p.getErrorStream()) {
                errors.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the exit code tells what matters
            }
        });
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("ffmpeg took too long");
            }
            drain.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + errors.toString().strip());
        }
    }
}
