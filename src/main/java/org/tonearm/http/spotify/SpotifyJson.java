package org.tonearm.http.spotify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.tonearm.catalog.Album;
import org.tonearm.catalog.ArtistAlbum;
import org.tonearm.catalog.Artist;
import org.tonearm.catalog.ArtistRef;
import org.tonearm.catalog.AudioFeatures;
import org.tonearm.catalog.Image;
import org.tonearm.catalog.Page;
import org.tonearm.catalog.Track;

/**
 * Spotify's wire objects written from catalog records: every field Spotify's object has, with its names and JSON
 * types, hrefs on this server's own base URL. With a {@code market}, objects carry {@code is_playable} (and
 * {@code restrictions} when not playable) instead of {@code available_markets}, as Spotify's do.
 *
 * <p>One instance writes one response body, streaming into a byte buffer: an album with its tracks is some 10,000
 * values, and building them as a tree first cost as much again as writing them.
 */
final class SpotifyJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Writes one item of a list or page. */
    @FunctionalInterface
    interface Item<T> {
        void write(T item) throws IOException;
    }

    private final String base;
    private final String market;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(8 * 1024);
    private final JsonGenerator g;

    /**
     * @param base   this server's public base URL, without a trailing slash
     * @param market the request's market (ISO code), or null
     */
    SpotifyJson(String base, String market) {
        this.base = base;
        this.market = market;
        try {
            g = MAPPER.getFactory().createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body written so far, finished. */
    byte[] bytes() throws IOException {
        g.close();
        return buffer.toByteArray();
    }

    JsonGenerator generator() {
        return g;
    }

    String href(String type, String id) {
        return base + "/v1/" + type + "s/" + id;
    }

    private void externalUrls(String type, String id) throws IOException {
        g.writeObjectFieldStart("external_urls");
        g.writeStringField("spotify", "https://open.spotify.com/" + type + "/" + id);
        g.writeEndObject();
    }

    private void images(List<Image> images) throws IOException {
        g.writeArrayFieldStart("images");
        for (Image im : images) {
            g.writeStartObject();
            g.writeStringField("url", im.url());
            g.writeNumberField("height", im.height());
            g.writeNumberField("width", im.width());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Market lists serialized once each: a catalog has a handful of distinct lists of ~180 codes, shared by every
     * track and album that has them, and a search page would otherwise write some 7,000 JSON strings from them. Keyed
     * by identity, because hashing and comparing a 180-element list on every track costs more than the lookup saves.
     */
    private static final Map<MarketsKey, SerializedString> MARKETS_JSON = new java.util.concurrent.ConcurrentHashMap<>();

    private record MarketsKey(List<String> markets) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MarketsKey k && k.markets == markets;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(markets);
        }
    }

    private static SerializedString marketsJson(List<String> markets) {
        MarketsKey key = new MarketsKey(markets);
        SerializedString raw = MARKETS_JSON.get(key);
        if (raw == null) {
            try {
                raw = new SerializedString(MAPPER.writeValueAsString(markets));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (MARKETS_JSON.size() < 1024) {
                MARKETS_JSON.put(key, raw);
            }
        }
        return raw;
    }

    /** Availability: the market list without a market, is_playable (+ restrictions) with one. */
    private void availability(List<String> markets, boolean playableFlag) throws IOException {
        if (market == null) {
            g.writeFieldName("available_markets");
            g.writeRawValue(marketsJson(markets));
        } else {
            boolean playable = markets.contains(market);
            if (playableFlag) {
                g.writeBooleanField("is_playable", playable);
            }
            if (!playable) {
                g.writeObjectFieldStart("restrictions");
                g.writeStringField("reason", "market");
                g.writeEndObject();
            }
        }
    }

    void simplifiedArtist(ArtistRef a) throws IOException {
        g.writeStartObject();
        externalUrls("artist", a.id());
        g.writeStringField("href", href("artist", a.id()));
        g.writeStringField("id", a.id());
        g.writeStringField("name", a.name());
        g.writeStringField("type", "artist");
        g.writeStringField("uri", "spotify:artist:" + a.id());
        g.writeEndObject();
    }

    private void artists(List<ArtistRef> artists) throws IOException {
        g.writeArrayFieldStart("artists");
        for (ArtistRef a : artists) {
            simplifiedArtist(a);
        }
        g.writeEndArray();
    }

    void artist(Artist a) throws IOException {
        g.writeStartObject();
        externalUrls("artist", a.id());
        g.writeObjectFieldStart("followers");
        g.writeNullField("href");
        g.writeNumberField("total", a.followers());
        g.writeEndObject();
        g.writeArrayFieldStart("genres");
        for (String genre : a.genres()) {
            g.writeString(genre);
        }
        g.writeEndArray();
        g.writeStringField("href", href("artist", a.id()));
        g.writeStringField("id", a.id());
        images(a.images());
        g.writeStringField("name", a.name());
        g.writeNumberField("popularity", a.popularity());
        g.writeStringField("type", "artist");
        g.writeStringField("uri", "spotify:artist:" + a.id());
        g.writeEndObject();
    }

    void simplifiedAlbum(Album a) throws IOException {
        g.writeStartObject();
        simplifiedAlbumFields(a);
        g.writeEndObject();
    }

    private void simplifiedAlbumFields(Album a) throws IOException {
        g.writeStringField("album_type", a.albumType());
        g.writeNumberField("total_tracks", a.totalTracks());
        availability(a.markets(), false);
        externalUrls("album", a.id());
        g.writeStringField("href", href("album", a.id()));
        g.writeStringField("id", a.id());
        images(a.images());
        g.writeStringField("name", a.name());
        g.writeStringField("release_date", a.releaseDate());
        g.writeStringField("release_date_precision", a.releaseDatePrecision());
        g.writeStringField("type", "album");
        g.writeStringField("uri", "spotify:album:" + a.id());
        artists(a.artists());
    }

    void artistAlbum(ArtistAlbum aa) throws IOException {
        g.writeStartObject();
        simplifiedAlbumFields(aa.album());
        g.writeStringField("album_group", aa.group().wire());
        g.writeEndObject();
    }

    /** The album the dump lacks for a track whose album row is absent: an empty, valid album object. */
    private void missingAlbum() throws IOException {
        g.writeStartObject();
        g.writeStringField("album_type", "album");
        g.writeNumberField("total_tracks", 0);
        availability(List.of(), false);
        g.writeObjectFieldStart("external_urls");
        g.writeEndObject();
        g.writeNullField("href");
        g.writeStringField("id", "");
        g.writeArrayFieldStart("images");
        g.writeEndArray();
        g.writeStringField("name", "");
        g.writeStringField("release_date", "");
        g.writeStringField("release_date_precision", "year");
        g.writeStringField("type", "album");
        g.writeStringField("uri", "");
        g.writeArrayFieldStart("artists");
        g.writeEndArray();
        g.writeEndObject();
    }

    void album(Album a, Page<Track> tracks, String tracksHref) throws IOException {
        g.writeStartObject();
        simplifiedAlbumFields(a);
        g.writeFieldName("tracks");
        paging(tracks, tracksHref, this::simplifiedTrack);
        g.writeArrayFieldStart("copyrights");
        if (a.copyrightC() != null) {
            copyright(a.copyrightC(), "C");
        }
        if (a.copyrightP() != null) {
            copyright(a.copyrightP(), "P");
        }
        g.writeEndArray();
        g.writeObjectFieldStart("external_ids");
        if (a.upc() != null) {
            g.writeStringField("upc", a.upc());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("genres");
        g.writeEndArray();
        g.writeStringField("label", a.label() == null ? "" : a.label());
        g.writeNumberField("popularity", a.popularity());
        g.writeEndObject();
    }

    private void copyright(String text, String type) throws IOException {
        g.writeStartObject();
        g.writeStringField("text", text);
        g.writeStringField("type", type);
        g.writeEndObject();
    }

    /** A full track: the simplified one plus its album, ISRC and popularity. */
    void track(Track t) throws IOException {
        g.writeStartObject();
        g.writeFieldName("album");
        if (t.album() == null) {
            missingAlbum();
        } else {
            simplifiedAlbum(t.album());
        }
        g.writeObjectFieldStart("external_ids");
        if (t.isrc() != null) {
            g.writeStringField("isrc", t.isrc());
        }
        g.writeEndObject();
        g.writeNumberField("popularity", t.popularity());
        simplifiedTrackFields(t);
        g.writeEndObject();
    }

    void simplifiedTrack(Track t) throws IOException {
        g.writeStartObject();
        simplifiedTrackFields(t);
        g.writeEndObject();
    }

    private void simplifiedTrackFields(Track t) throws IOException {
        artists(t.artists());
        availability(t.markets(), true);
        g.writeNumberField("disc_number", t.discNumber());
        g.writeNumberField("duration_ms", t.durationMs());
        g.writeBooleanField("explicit", t.explicit());
        externalUrls("track", t.id());
        g.writeStringField("href", href("track", t.id()));
        g.writeStringField("id", t.id());
        g.writeStringField("name", t.name());
        g.writeStringField("preview_url", t.previewUrl());
        g.writeNumberField("track_number", t.trackNumber());
        g.writeStringField("type", "track");
        g.writeStringField("uri", "spotify:track:" + t.id());
        g.writeBooleanField("is_local", false);
    }

    void audioFeatures(AudioFeatures f) throws IOException {
        g.writeStartObject();
        g.writeNumberField("acousticness", f.acousticness());
        g.writeStringField("analysis_url", base + "/v1/audio-analysis/" + f.trackId());
        g.writeNumberField("danceability", f.danceability());
        g.writeNumberField("duration_ms", f.durationMs());
        g.writeNumberField("energy", f.energy());
        g.writeStringField("id", f.trackId());
        g.writeNumberField("instrumentalness", f.instrumentalness());
        g.writeNumberField("key", f.key());
        g.writeNumberField("liveness", f.liveness());
        g.writeNumberField("loudness", f.loudness());
        g.writeNumberField("mode", f.mode());
        g.writeNumberField("speechiness", f.speechiness());
        g.writeNumberField("tempo", f.tempo());
        g.writeNumberField("time_signature", f.timeSignature());
        g.writeStringField("track_href", href("track", f.trackId()));
        g.writeStringField("type", "audio_features");
        g.writeStringField("uri", "spotify:track:" + f.trackId());
        g.writeNumberField("valence", f.valence());
        g.writeEndObject();
    }

    /** An object holding a list in the order asked, with JSON null where an id is unknown. */
    <T> void several(String key, List<T> items, Item<T> each) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart(key);
        for (T item : items) {
            if (item == null) {
                g.writeNull();
            } else {
                each.write(item);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * A paging object; {@code href} is the request's own URL without offset/limit, to which this adds them, so
     * next and previous are URLs a client can follow as they are.
     */
    <T> void paging(Page<T> page, String hrefWithoutPaging, Item<T> each) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", withPaging(hrefWithoutPaging, page.offset(), page.limit()));
        g.writeArrayFieldStart("items");
        for (T item : page.items()) {
            each.write(item);
        }
        g.writeEndArray();
        g.writeNumberField("limit", page.limit());
        long nextOffset = (long) page.offset() + page.limit();
        if (nextOffset < page.total()) {
            g.writeStringField("next", withPaging(hrefWithoutPaging, (int) nextOffset, page.limit()));
        } else {
            g.writeNullField("next");
        }
        g.writeNumberField("offset", page.offset());
        if (page.offset() > 0) {
            g.writeStringField("previous", withPaging(hrefWithoutPaging, Math.max(0, page.offset() - page.limit()), page.limit()));
        } else {
            g.writeNullField("previous");
        }
        g.writeNumberField("total", page.total());
        g.writeEndObject();
    }

    static String withPaging(String href, int offset, int limit) {
        return href + (href.indexOf('?') < 0 ? "?" : "&") + "offset=" + offset + "&limit=" + limit;
    }

    /** The request's absolute URL with the given query parameters (in order), offset and limit left out. */
    String url(String path, Map<String, String> params) {
        StringBuilder b = new StringBuilder(base).append(path);
        char sep = '?';
        for (var e : params.entrySet()) {
            if (e.getValue() == null || e.getKey().equals("offset") || e.getKey().equals("limit")) {
                continue;
            }
            b.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2C", ","));
            sep = '&';
        }
        return b.toString();
    }
}
