package org.tonearm.http.thatmusic;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonearm.TonearmException;
import org.tonearm.source.AudioFileCache;
import org.tonearm.source.AudioSource;
import org.tonearm.source.SourceAudio;
import org.tonearm.source.Transcoder;

/**
 * What the thatmusic API does behind its routes: cached searches addressed by search_hash, audio addressed by
 * audio_hash within a search, files fetched once into the disk cache, and per-bitrate conversions cached apart.
 */
final class ThatMusicService {
    private static final Logger log = LoggerFactory.getLogger(ThatMusicService.class);

    /** An audio found by its hashes. */
    record Found(String searchHash, String audioHash, SourceAudio audio) {
    }

    private final AudioSource source;
    private final SearchStore searches;
    private final AudioFileCache files;
    private final Transcoder transcoder;
    private final Duration ttl;
    private final Clock clock;

    ThatMusicService(AudioSource source, SearchStore searches, AudioFileCache files, Transcoder transcoder, Duration ttl,
                     Clock clock) {
        this.source = source;
        this.searches = searches;
        this.files = files;
        this.transcoder = transcoder;
        this.ttl = ttl;
        this.clock = clock;
    }

    SearchEntry search(String query, int page) {
        String hash = Hashes.search(query, page);
        Optional<SearchEntry> cached = searches.get(hash);
        if (cached.isPresent() && fresh(cached.get()) && cached.get().query().equals(query) && cached.get().page() == page) {
            return cached.get();
        }
        return refresh(hash, query, page);
    }

    private SearchEntry refresh(String hash, String query, int page) {
        log.info("searching {} for '{}' page {}", source.name(), query, page);
        SearchEntry entry = new SearchEntry(hash, query, page, clock.instant(), source.search(query, page));
        searches.put(entry);
        return entry;
    }

    private boolean fresh(SearchEntry e) {
        return e.fetchedAt().plus(ttl).isAfter(clock.instant());
    }

    /** Finds an audio of a search; an expired search is run again unless the file is already cached. */
    Found find(String searchHash, String audioHash) {
        SearchEntry entry = searches.get(searchHash)
            .orElseThrow(() -> new TonearmException.NotFound("unknown search_hash " + searchHash + "; search again"));
        Optional<SourceAudio> audio = entry.audio(audioHash);
        if (!fresh(entry) && !(audio.isPresent() && files.contains(audioHash))) {
            log.info("search {} expired, running it again", searchHash);
            entry = refresh(searchHash, entry.query(), entry.page());
            audio = entry.audio(audioHash);
        }
        return new Found(searchHash, audioHash, audio.orElseThrow(() ->
            new TonearmException.NotFound("no audio " + audioHash + " in search " + searchHash)));
    }

    /** Opens the audio's MP3 (fetching it into the cache when needed), converted when {@code kbps} is not null. */
    AudioFileCache.Reader open(Found found, Integer kbps) throws IOException {
        if (kbps == null) {
            return files.open(found.audioHash(), out -> {
                log.info("fetching {} - {} ({})", found.audio().artist(), found.audio().title(), found.audioHash());
                source.fetch(found.audio(), out);
            });
        }
        if (!Transcoder.BITRATES.contains(kbps)) {
            throw new TonearmException.InvalidInput("bitrate must be one of " + Transcoder.BITRATES);
        }
        return files.open(found.audioHash() + "-" + kbps, out -> {
            try (AudioFileCache.Reader original = open(found, null)) {
                Path file = original.awaitFile();
                transcoder.toMp3(file, kbps, out);
            }
        });
    }
}
