package org.tonearm.http.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tonearm.catalog.Album;
import org.tonearm.catalog.ArtistAlbum;
import org.tonearm.catalog.Artist;
import org.tonearm.catalog.ArtistRef;
import org.tonearm.catalog.AudioFeatures;
import org.tonearm.catalog.Image;
import org.tonearm.catalog.Page;
import org.tonearm.catalog.Track;

/**
 * Spotify's wire objects built from catalog records: every field Spotify's object has, with its names and JSON
 * types, hrefs on this server's own base URL. With a {@code market}, objects carry {@code is_playable} (and
 * {@code restrictions} when not playable) instead of {@code available_markets}, as Spotify's do.
 */
final class SpotifyJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String base;
    private final String market;

    /**
     * @param base   this server's public base URL, without a trailing slash
     * @param market the request's market (ISO code), or null
     */
    SpotifyJson(String base, String market) {
        this.base = base;
        this.market = market;
    }

    String href(String type, String id) {
        return base + "/v1/" + type + "s/" + id;
    }

    private ObjectNode externalUrls(String type, String id) {
        ObjectNode n = F.objectNode();
        n.put("spotify", "https://open.spotify.com/" + type + "/" + id);
        return n;
    }

    private ArrayNode images(List<Image> images) {
        ArrayNode a = F.arrayNode();
        for (Image im : images) {
            ObjectNode n = a.addObject();
            n.put("url", im.url());
            n.put("height", im.height());
            n.put("width", im.width());
        }
        return a;
    }

    private ArrayNode strings(List<String> list) {
        ArrayNode a = F.arrayNode();
        list.forEach(a::add);
        return a;
    }

    /**
     * Market lists serialized once each: a catalog has a handful of distinct lists of ~180 codes, shared by every
     * track and album that has them, and a search page would otherwise build some 7,000 JSON strings from them. Keyed
     * by identity, because hashing and comparing a 180-element list on every track costs more than the lookup saves.
     */
    private static final Map<MarketsKey, RawValue> MARKETS_JSON = new java.util.concurrent.ConcurrentHashMap<>();

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

    private static RawValue marketsJson(List<String> markets) {
        MarketsKey key = new MarketsKey(markets);
        RawValue raw = MARKETS_JSON.get(key);
        if (raw == null) {
            try {
                raw = new RawValue(MAPPER.writeValueAsString(markets));
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
    private void availability(ObjectNode n, List<String> markets, boolean playableFlag) {
        if (market == null) {
            n.putRawValue("available_markets", marketsJson(markets));
        } else {
            boolean playable = markets.contains(market);
            if (playableFlag) {
                n.put("is_playable", playable);
            }
            if (!playable) {
                n.putObject("restrictions").put("reason", "market");
            }
        }
    }

    ObjectNode simplifiedArtist(ArtistRef a) {
        ObjectNode n = F.objectNode();
        n.set("external_urls", externalUrls("artist", a.id()));
        n.put("href", href("artist", a.id()));
        n.put("id", a.id());
        n.put("name", a.name());
        n.put("type", "artist");
        n.put("uri", "spotify:artist:" + a.id());
        return n;
    }

    private ArrayNode artists(List<ArtistRef> artists) {
        ArrayNode a = F.arrayNode();
        artists.forEach(x -> a.add(simplifiedArtist(x)));
        return a;
    }

    ObjectNode artist(Artist a) {
        ObjectNode n = F.objectNode();
        n.set("external_urls", externalUrls("artist", a.id()));
        ObjectNode followers = n.putObject("followers");
        followers.putNull("href");
        followers.put("total", a.followers());
        n.set("genres", strings(a.genres()));
        n.put("href", href("artist", a.id()));
        n.put("id", a.id());
        n.set("images", images(a.images()));
        n.put("name", a.name());
        n.put("popularity", a.popularity());
        n.put("type", "artist");
        n.put("uri", "spotify:artist:" + a.id());
        return n;
    }

    ObjectNode simplifiedAlbum(Album a) {
        ObjectNode n = F.objectNode();
        n.put("album_type", a.albumType());
        n.put("total_tracks", a.totalTracks());
        availability(n, a.markets(), false);
        n.set("external_urls", externalUrls("album", a.id()));
        n.put("href", href("album", a.id()));
        n.put("id", a.id());
        n.set("images", images(a.images()));
        n.put("name", a.name());
        n.put("release_date", a.releaseDate());
        n.put("release_date_precision", a.releaseDatePrecision());
        n.put("type", "album");
        n.put("uri", "spotify:album:" + a.id());
        n.set("artists", artists(a.artists()));
        return n;
    }

    ObjectNode artistAlbum(ArtistAlbum aa) {
        ObjectNode n = simplifiedAlbum(aa.album());
        n.put("album_group", aa.group().wire());
        return n;
    }

    /** The album the dump lacks for a track whose album row is absent: an empty, valid album object. */
    private ObjectNode missingAlbum() {
        ObjectNode n = F.objectNode();
        n.put("album_type", "album");
        n.put("total_tracks", 0);
        availability(n, List.of(), false);
        n.putObject("external_urls");
        n.putNull("href");
        n.put("id", "");
        n.putArray("images");
        n.put("name", "");
        n.put("release_date", "");
        n.put("release_date_precision", "year");
        n.put("type", "album");
        n.put("uri", "");
        n.putArray("artists");
        return n;
    }

    ObjectNode album(Album a, Page<Track> tracks, String tracksHref) {
        ObjectNode n = simplifiedAlbum(a);
        n.set("tracks", paging(tracks, tracksHref, this::simplifiedTrack));
        ArrayNode copyrights = n.putArray("copyrights");
        if (a.copyrightC() != null) {
            copyrights.addObject().put("text", a.copyrightC()).put("type", "C");
        }
        if (a.copyrightP() != null) {
            copyrights.addObject().put("text", a.copyrightP()).put("type", "P");
        }
        ObjectNode ids = n.putObject("external_ids");
        if (a.upc() != null) {
            ids.put("upc", a.upc());
        }
        n.putArray("genres");
        n.put("label", a.label() == null ? "" : a.label());
        n.put("popularity", a.popularity());
        return n;
    }

    /** A full track: the simplified one plus its album, ISRC and popularity. */
    ObjectNode track(Track t) {
        ObjectNode n = F.objectNode();
        n.set("album", t.album() == null ? missingAlbum() : simplifiedAlbum(t.album()));
        ObjectNode ids = n.putObject("external_ids");
        if (t.isrc() != null) {
            ids.put("isrc", t.isrc());
        }
        n.put("popularity", t.popularity());
        n.setAll(simplifiedTrack(t));
        return n;
    }

    ObjectNode simplifiedTrack(Track t) {
        ObjectNode n = F.objectNode();
        n.set("artists", artists(t.artists()));
        availability(n, t.markets(), true);
        n.put("disc_number", t.discNumber());
        n.put("duration_ms", t.durationMs());
        n.put("explicit", t.explicit());
        n.set("external_urls", externalUrls("track", t.id()));
        n.put("href", href("track", t.id()));
        n.put("id", t.id());
        n.put("name", t.name());
        n.put("preview_url", t.previewUrl());
        n.put("track_number", t.trackNumber());
        n.put("type", "track");
        n.put("uri", "spotify:track:" + t.id());
        n.put("is_local", false);
        return n;
    }

    ObjectNode audioFeatures(AudioFeatures f) {
        ObjectNode n = F.objectNode();
        n.put("acousticness", f.acousticness());
        n.put("analysis_url", base + "/v1/audio-analysis/" + f.trackId());
        n.put("danceability", f.danceability());
        n.put("duration_ms", f.durationMs());
        n.put("energy", f.energy());
        n.put("id", f.trackId());
        n.put("instrumentalness", f.instrumentalness());
        n.put("key", f.key());
        n.put("liveness", f.liveness());
        n.put("loudness", f.loudness());
        n.put("mode", f.mode());
        n.put("speechiness", f.speechiness());
        n.put("tempo", f.tempo());
        n.put("time_signature", f.timeSignature());
        n.put("track_href", href("track", f.trackId()));
        n.put("type", "audio_features");
        n.put("uri", "spotify:track:" + f.trackId());
        n.put("valence", f.valence());
        return n;
    }

    /** A list in the order asked with JSON null where an id is unknown. */
    <T> ObjectNode several(String key, List<T> items, Function<T, JsonNode> each) {
        ObjectNode n = F.objectNode();
        ArrayNode a = n.putArray(key);
        for (T item : items) {
            a.add(item == null ? F.nullNode() : each.apply(item));
        }
        return n;
    }

    /**
     * A paging object; {@code href} is the request's own URL without offset/limit, to which this adds them, so
     * next and previous are URLs a client can follow as they are.
     */
    <T> ObjectNode paging(Page<T> page, String hrefWithoutPaging, Function<T, JsonNode> each) {
        ObjectNode n = F.objectNode();
        n.put("href", withPaging(hrefWithoutPaging, page.offset(), page.limit()));
        ArrayNode items = n.putArray("items");
        for (T item : page.items()) {
            items.add(each.apply(item));
        }
        n.put("limit", page.limit());
        long nextOffset = (long) page.offset() + page.limit();
        if (nextOffset < page.total()) {
            n.put("next", withPaging(hrefWithoutPaging, (int) nextOffset, page.limit()));
        } else {
            n.putNull("next");
        }
        n.put("offset", page.offset());
        if (page.offset() > 0) {
            n.put("previous", withPaging(hrefWithoutPaging, Math.max(0, page.offset() - page.limit()), page.limit()));
        } else {
            n.putNull("previous");
        }
        n.put("total", page.total());
        return n;
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
