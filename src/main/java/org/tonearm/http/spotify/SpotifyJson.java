package org.tonearm.http.spotify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
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
import org.tonearm.catalog.Catalog;
import org.tonearm.catalog.Image;
import org.tonearm.catalog.Page;
import org.tonearm.catalog.Track;
import org.tonearm.catalog.TrackRecord;

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
    private Body buffer = Body.take();
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

    /**
     * A body's bytes, in a buffer each thread reuses: the response is written from it as it is, where a fresh
     * array per request, copied out once more for the response, took some 8% of the server's time on an album.
     */
    static final class Body extends OutputStream {
        /** Buffers past this size go back to the collector instead of to the thread. */
        private static final int KEPT_BYTES = 256 * 1024;
        private static final ThreadLocal<Body> FREE = new ThreadLocal<>();

        private byte[] bytes = new byte[16 * 1024];
        private int length;

        /** This thread's free buffer (emptied), or a new one; it is the caller's until {@link #release}. */
        static Body take() {
            Body b = FREE.get();
            if (b == null) {
                return new Body();
            }
            FREE.remove();
            b.length = 0;
            return b;
        }

        void release() {
            if (bytes.length <= KEPT_BYTES) {
                FREE.set(this);
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        int length() {
            return length;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(bytes, 0, length);
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, length);
        }
    }

    /** Ends the body: its bytes, which stay the caller's until it {@linkplain Body#release releases} them. */
    Body finish() throws IOException {
        g.close();
        Body b = buffer;
        buffer = null;
        return b;
    }

    /*
     * Field names and constant values as pre-encoded strings: written as bytes copied from the string, where a
     * String is escaped and encoded again for every field of every object.
     */
    private static final SerializedString K_ACOUSTICNESS = new SerializedString("acousticness");
    private static final SerializedString K_ALBUM = new SerializedString("album");
    private static final SerializedString K_ALBUM_GROUP = new SerializedString("album_group");
    private static final SerializedString K_ALBUM_TYPE = new SerializedString("album_type");
    private static final SerializedString K_ANALYSIS_URL = new SerializedString("analysis_url");
    private static final SerializedString K_ARTISTS = new SerializedString("artists");
    private static final SerializedString K_AVAILABLE_MARKETS = new SerializedString("available_markets");
    private static final SerializedString K_COPYRIGHTS = new SerializedString("copyrights");
    private static final SerializedString K_DANCEABILITY = new SerializedString("danceability");
    private static final SerializedString K_DISC_NUMBER = new SerializedString("disc_number");
    private static final SerializedString K_DURATION_MS = new SerializedString("duration_ms");
    private static final SerializedString K_ENERGY = new SerializedString("energy");
    private static final SerializedString K_EXPLICIT = new SerializedString("explicit");
    private static final SerializedString K_EXTERNAL_IDS = new SerializedString("external_ids");
    private static final SerializedString K_EXTERNAL_URLS = new SerializedString("external_urls");
    private static final SerializedString K_FOLLOWERS = new SerializedString("followers");
    private static final SerializedString K_GENRES = new SerializedString("genres");
    private static final SerializedString K_HEIGHT = new SerializedString("height");
    private static final SerializedString K_HREF = new SerializedString("href");
    private static final SerializedString K_ID = new SerializedString("id");
    private static final SerializedString K_IMAGES = new SerializedString("images");
    private static final SerializedString K_INSTRUMENTALNESS = new SerializedString("instrumentalness");
    private static final SerializedString K_IS_LOCAL = new SerializedString("is_local");
    private static final SerializedString K_IS_PLAYABLE = new SerializedString("is_playable");
    private static final SerializedString K_ISRC = new SerializedString("isrc");
    private static final SerializedString K_ITEMS = new SerializedString("items");
    private static final SerializedString K_KEY = new SerializedString("key");
    private static final SerializedString K_LABEL = new SerializedString("label");
    private static final SerializedString K_LIMIT = new SerializedString("limit");
    private static final SerializedString K_LIVENESS = new SerializedString("liveness");
    private static final SerializedString K_LOUDNESS = new SerializedString("loudness");
    private static final SerializedString K_MODE = new SerializedString("mode");
    private static final SerializedString K_NAME = new SerializedString("name");
    private static final SerializedString K_NEXT = new SerializedString("next");
    private static final SerializedString K_OFFSET = new SerializedString("offset");
    private static final SerializedString K_POPULARITY = new SerializedString("popularity");
    private static final SerializedString K_PREVIEW_URL = new SerializedString("preview_url");
    private static final SerializedString K_PREVIOUS = new SerializedString("previous");
    private static final SerializedString K_REASON = new SerializedString("reason");
    private static final SerializedString K_RELEASE_DATE = new SerializedString("release_date");
    private static final SerializedString K_RELEASE_DATE_PRECISION = new SerializedString("release_date_precision");
    private static final SerializedString K_RESTRICTIONS = new SerializedString("restrictions");
    private static final SerializedString K_SPEECHINESS = new SerializedString("speechiness");
    private static final SerializedString K_SPOTIFY = new SerializedString("spotify");
    private static final SerializedString K_TEMPO = new SerializedString("tempo");
    private static final SerializedString K_TEXT = new SerializedString("text");
    private static final SerializedString K_TIME_SIGNATURE = new SerializedString("time_signature");
    private static final SerializedString K_TOTAL = new SerializedString("total");
    private static final SerializedString K_TOTAL_TRACKS = new SerializedString("total_tracks");
    private static final SerializedString K_TRACK_HREF = new SerializedString("track_href");
    private static final SerializedString K_TRACK_NUMBER = new SerializedString("track_number");
    private static final SerializedString K_TRACKS = new SerializedString("tracks");
    private static final SerializedString K_TYPE = new SerializedString("type");
    private static final SerializedString K_UPC = new SerializedString("upc");
    private static final SerializedString K_URI = new SerializedString("uri");
    private static final SerializedString K_URL = new SerializedString("url");
    private static final SerializedString K_VALENCE = new SerializedString("valence");
    private static final SerializedString K_WIDTH = new SerializedString("width");
    private static final SerializedString V_ARTIST = new SerializedString("artist");
    private static final SerializedString V_ALBUM = new SerializedString("album");
    private static final SerializedString V_TRACK = new SerializedString("track");
    private static final SerializedString V_AUDIO_FEATURES = new SerializedString("audio_features");
    private static final SerializedString V_MARKET = new SerializedString("market");
    private static final SerializedString V_C = new SerializedString("C");
    private static final SerializedString V_P = new SerializedString("P");

    private void field(SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private void field(SerializedString name, SerializedString value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private void field(SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private void field(SerializedString name, double value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private void field(SerializedString name, boolean value) throws IOException {
        g.writeFieldName(name);
        g.writeBoolean(value);
    }

    private void nullField(SerializedString name) throws IOException {
        g.writeFieldName(name);
        g.writeNull();
    }

    private void objectField(SerializedString name) throws IOException {
        g.writeFieldName(name);
        g.writeStartObject();
    }

    private void arrayField(SerializedString name) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
    }

    JsonGenerator generator() {
        return g;
    }

    String href(String type, String id) {
        return base + "/v1/" + type + "s/" + id;
    }

    private void externalUrls(String type, String id) throws IOException {
        objectField(K_EXTERNAL_URLS);
        field(K_SPOTIFY, "https://open.spotify.com/" + type + "/" + id);
        g.writeEndObject();
    }

    private void images(List<Image> images) throws IOException {
        arrayField(K_IMAGES);
        for (Image im : images) {
            g.writeStartObject();
            field(K_URL, im.url());
            field(K_HEIGHT, im.height());
            field(K_WIDTH, im.width());
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
            g.writeFieldName(K_AVAILABLE_MARKETS);
            g.writeRawValue(marketsJson(markets));
        } else {
            boolean playable = markets.contains(market);
            if (playableFlag) {
                field(K_IS_PLAYABLE, playable);
            }
            if (!playable) {
                objectField(K_RESTRICTIONS);
                field(K_REASON, V_MARKET);
                g.writeEndObject();
            }
        }
    }

    void simplifiedArtist(ArtistRef a) throws IOException {
        g.writeStartObject();
        externalUrls("artist", a.id());
        field(K_HREF, href("artist", a.id()));
        field(K_ID, a.id());
        field(K_NAME, a.name());
        field(K_TYPE, V_ARTIST);
        field(K_URI, "spotify:artist:" + a.id());
        g.writeEndObject();
    }

    private void artists(List<ArtistRef> artists) throws IOException {
        arrayField(K_ARTISTS);
        for (ArtistRef a : artists) {
            simplifiedArtist(a);
        }
        g.writeEndArray();
    }

    void artist(Artist a) throws IOException {
        g.writeStartObject();
        externalUrls("artist", a.id());
        objectField(K_FOLLOWERS);
        nullField(K_HREF);
        field(K_TOTAL, a.followers());
        g.writeEndObject();
        arrayField(K_GENRES);
        for (String genre : a.genres()) {
            g.writeString(genre);
        }
        g.writeEndArray();
        field(K_HREF, href("artist", a.id()));
        field(K_ID, a.id());
        images(a.images());
        field(K_NAME, a.name());
        field(K_POPULARITY, a.popularity());
        field(K_TYPE, V_ARTIST);
        field(K_URI, "spotify:artist:" + a.id());
        g.writeEndObject();
    }

    void simplifiedAlbum(Album a) throws IOException {
        g.writeStartObject();
        simplifiedAlbumFields(a);
        g.writeEndObject();
    }

    private void simplifiedAlbumFields(Album a) throws IOException {
        field(K_ALBUM_TYPE, a.albumType());
        field(K_TOTAL_TRACKS, a.totalTracks());
        availability(a.markets(), false);
        externalUrls("album", a.id());
        field(K_HREF, href("album", a.id()));
        field(K_ID, a.id());
        images(a.images());
        field(K_NAME, a.name());
        field(K_RELEASE_DATE, a.releaseDate());
        field(K_RELEASE_DATE_PRECISION, a.releaseDatePrecision());
        field(K_TYPE, V_ALBUM);
        field(K_URI, "spotify:album:" + a.id());
        artists(a.artists());
    }

    void artistAlbum(ArtistAlbum aa) throws IOException {
        g.writeStartObject();
        simplifiedAlbumFields(aa.album());
        field(K_ALBUM_GROUP, aa.group().wire());
        g.writeEndObject();
    }

    /** The album the dump lacks for a track whose album row is absent: an empty, valid album object. */
    private void missingAlbum() throws IOException {
        g.writeStartObject();
        field(K_ALBUM_TYPE, V_ALBUM);
        field(K_TOTAL_TRACKS, 0);
        availability(List.of(), false);
        objectField(K_EXTERNAL_URLS);
        g.writeEndObject();
        nullField(K_HREF);
        field(K_ID, "");
        arrayField(K_IMAGES);
        g.writeEndArray();
        field(K_NAME, "");
        field(K_RELEASE_DATE, "");
        field(K_RELEASE_DATE_PRECISION, "year");
        field(K_TYPE, V_ALBUM);
        field(K_URI, "");
        arrayField(K_ARTISTS);
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A full album with its first {@code limit} tracks, read in place from the catalog. */
    void album(Album a, Catalog catalog, int limit, String tracksHref) throws IOException {
        g.writeStartObject();
        simplifiedAlbumFields(a);
        g.writeFieldName(K_TRACKS);
        albumTracks(catalog, a, 0, limit, tracksHref);
        arrayField(K_COPYRIGHTS);
        if (a.copyrightC() != null) {
            copyright(a.copyrightC(), "C");
        }
        if (a.copyrightP() != null) {
            copyright(a.copyrightP(), "P");
        }
        g.writeEndArray();
        objectField(K_EXTERNAL_IDS);
        if (a.upc() != null) {
            field(K_UPC, a.upc());
        }
        g.writeEndObject();
        arrayField(K_GENRES);
        g.writeEndArray();
        field(K_LABEL, a.label() == null ? "" : a.label());
        field(K_POPULARITY, a.popularity());
        g.writeEndObject();
    }

    private void copyright(String text, String type) throws IOException {
        g.writeStartObject();
        field(K_TEXT, text);
        field(K_TYPE, type);
        g.writeEndObject();
    }

    /** A full track: the simplified one plus its album, ISRC and popularity. */
    void track(Track t) throws IOException {
        g.writeStartObject();
        g.writeFieldName(K_ALBUM);
        if (t.album() == null) {
            missingAlbum();
        } else {
            simplifiedAlbum(t.album());
        }
        objectField(K_EXTERNAL_IDS);
        if (t.isrc() != null) {
            field(K_ISRC, t.isrc());
        }
        g.writeEndObject();
        field(K_POPULARITY, t.popularity());
        simplifiedTrackFields(t);
        g.writeEndObject();
    }

    private void simplifiedTrackFields(Track t) throws IOException {
        artists(t.artists());
        availability(t.markets(), true);
        field(K_DISC_NUMBER, t.discNumber());
        field(K_DURATION_MS, t.durationMs());
        field(K_EXPLICIT, t.explicit());
        externalUrls("track", t.id());
        field(K_HREF, href("track", t.id()));
        field(K_ID, t.id());
        field(K_NAME, t.name());
        field(K_PREVIEW_URL, t.previewUrl());
        field(K_TRACK_NUMBER, t.trackNumber());
        field(K_TYPE, V_TRACK);
        field(K_URI, "spotify:track:" + t.id());
        field(K_IS_LOCAL, false);
    }

    /** A page of an album's simplified tracks, read in place from the catalog. */
    void albumTracks(Catalog catalog, Album a, int offset, int limit, String hrefWithoutPaging) throws IOException {
        pagingStart(hrefWithoutPaging, offset, limit);
        long total = catalog.albumTracks(a, offset, limit, this::simplifiedTrack);
        pagingEnd(hrefWithoutPaging, offset, limit, total);
    }

    private static final byte[] OPEN_ARTIST = utf8("https://open.spotify.com/artist/");
    private static final byte[] OPEN_TRACK = utf8("https://open.spotify.com/track/");
    private static final byte[] URI_ARTIST = utf8("spotify:artist:");
    private static final byte[] URI_TRACK = utf8("spotify:track:");
    private byte[] artistHref;
    private byte[] trackHref;
    private byte[] scratch = new byte[256];

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A simplified track from its stored bytes: the fields {@link #track(Track)} writes after its album, ISRC and
     * popularity, with the text copied from the record as UTF-8 (escaped where JSON needs it) instead of decoded into
     * Strings and encoded back.
     */
    void simplifiedTrack(TrackRecord t) throws IOException {
        if (artistHref == null) {
            artistHref = utf8(base + "/v1/artists/");
            trackHref = utf8(base + "/v1/tracks/");
        }
        byte[] b = t.bytes();
        g.writeStartObject();
        arrayField(K_ARTISTS);
        for (int i = 0; i < t.artistCount(); i++) {
            int id = t.artistIdStart(i);
            int idLength = t.artistIdLength(i);
            g.writeStartObject();
            linkAndName(OPEN_ARTIST, artistHref, b, id, idLength, t.artistNameStart(i), t.artistNameLength(i));
            field(K_TYPE, V_ARTIST);
            g.writeFieldName(K_URI);
            prefixed(URI_ARTIST, b, id, idLength);
            g.writeEndObject();
        }
        g.writeEndArray();
        availability(t.markets(), true);
        field(K_DISC_NUMBER, t.discNumber());
        field(K_DURATION_MS, t.durationMs());
        field(K_EXPLICIT, t.explicit());
        int id = t.idStart();
        int idLength = t.idLength();
        linkAndName(OPEN_TRACK, trackHref, b, id, idLength, t.nameStart(), t.nameLength());
        g.writeFieldName(K_PREVIEW_URL);
        utf8(t.previewBytes(), t.previewStart(), t.previewLength());
        field(K_TRACK_NUMBER, t.trackNumber());
        field(K_TYPE, V_TRACK);
        g.writeFieldName(K_URI);
        prefixed(URI_TRACK, b, id, idLength);
        field(K_IS_LOCAL, false);
        g.writeEndObject();
    }

    /** An object's external_urls, href, id and name, from its id's and name's bytes in a record. */
    private void linkAndName(byte[] spotifyUrl, byte[] href, byte[] b, int id, int idLength, int name, int nameLength)
        throws IOException {
        objectField(K_EXTERNAL_URLS);
        g.writeFieldName(K_SPOTIFY);
        prefixed(spotifyUrl, b, id, idLength);
        g.writeEndObject();
        g.writeFieldName(K_HREF);
        prefixed(href, b, id, idLength);
        g.writeFieldName(K_ID);
        utf8(b, id, idLength);
        g.writeFieldName(K_NAME);
        utf8(b, name, nameLength);
    }

    /** A string from UTF-8 bytes; a negative length is a null. */
    private void utf8(byte[] b, int start, int length) throws IOException {
        if (length < 0) {
            g.writeNull();
        } else {
            g.writeUTF8String(b, start, length);
        }
    }

    /** A string of a fixed prefix and UTF-8 bytes, as {@code prefix + value} would be (a null value counts as empty). */
    private void prefixed(byte[] prefix, byte[] b, int start, int length) throws IOException {
        int n = prefix.length + Math.max(0, length);
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        System.arraycopy(prefix, 0, scratch, 0, prefix.length);
        if (length > 0) {
            System.arraycopy(b, start, scratch, prefix.length, length);
        }
        g.writeUTF8String(scratch, 0, n);
    }

    void audioFeatures(AudioFeatures f) throws IOException {
        g.writeStartObject();
        field(K_ACOUSTICNESS, f.acousticness());
        field(K_ANALYSIS_URL, base + "/v1/audio-analysis/" + f.trackId());
        field(K_DANCEABILITY, f.danceability());
        field(K_DURATION_MS, f.durationMs());
        field(K_ENERGY, f.energy());
        field(K_ID, f.trackId());
        field(K_INSTRUMENTALNESS, f.instrumentalness());
        field(K_KEY, f.key());
        field(K_LIVENESS, f.liveness());
        field(K_LOUDNESS, f.loudness());
        field(K_MODE, f.mode());
        field(K_SPEECHINESS, f.speechiness());
        field(K_TEMPO, f.tempo());
        field(K_TIME_SIGNATURE, f.timeSignature());
        field(K_TRACK_HREF, href("track", f.trackId()));
        field(K_TYPE, V_AUDIO_FEATURES);
        field(K_URI, "spotify:track:" + f.trackId());
        field(K_VALENCE, f.valence());
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
        pagingStart(hrefWithoutPaging, page.offset(), page.limit());
        for (T item : page.items()) {
            each.write(item);
        }
        pagingEnd(hrefWithoutPaging, page.offset(), page.limit(), page.total());
    }

    /** A paging object up to its open items array, which the caller fills. */
    private void pagingStart(String hrefWithoutPaging, int offset, int limit) throws IOException {
        g.writeStartObject();
        field(K_HREF, withPaging(hrefWithoutPaging, offset, limit));
        arrayField(K_ITEMS);
    }

    /** Closes the items array of {@link #pagingStart} and writes the rest, links from the total. */
    private void pagingEnd(String hrefWithoutPaging, int offset, int limit, long total) throws IOException {
        g.writeEndArray();
        field(K_LIMIT, limit);
        long nextOffset = (long) offset + limit;
        if (nextOffset < total) {
            field(K_NEXT, withPaging(hrefWithoutPaging, (int) nextOffset, limit));
        } else {
            nullField(K_NEXT);
        }
        field(K_OFFSET, offset);
        if (offset > 0) {
            field(K_PREVIOUS, withPaging(hrefWithoutPaging, Math.max(0, offset - limit), limit));
        } else {
            nullField(K_PREVIOUS);
        }
        field(K_TOTAL, total);
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
