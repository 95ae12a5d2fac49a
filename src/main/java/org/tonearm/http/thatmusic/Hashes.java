package org.tonearm.http.thatmusic;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.tonearm.source.SourceAudio;

/** thatmusic's link hashes: CRC32 (zlib's) as eight lowercase hex digits. */
final class Hashes {
    private Hashes() {
    }

    static String search(String query, int page) {
        return crc32(query + "." + page);
    }

    /** The audio's id is already {@code owner_audio} (data-id without its last part). */
    static String audio(SourceAudio audio) {
        return crc32(audio.id());
    }

    static String crc32(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }
}
