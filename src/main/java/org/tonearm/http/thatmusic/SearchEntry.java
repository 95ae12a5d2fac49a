package org.tonearm.http.thatmusic;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tonearm.source.SourceAudio;

/** One cached search page: the query that made it, when, and what it found. */
record SearchEntry(String hash, String query, int page, Instant fetchedAt, List<SourceAudio> audios) {
    SearchEntry {
        audios = List.copyOf(audios);
    }

    Optional<SourceAudio> audio(String audioHash) {
        return audios.stream().filter(a -> Hashes.audio(a).equals(audioHash)).findFirst();
    }
}
