package org.tonearm.http.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the response validator accepts Spotify-shaped bodies and names the pointer of every kind of deviation. */
class SpotifySchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SpotifySchema SCHEMA = SpotifySchema.spotify2025();
    private static final String BASE = "http://localhost:7700/v1";

    private static final String TRACK_ID = "4pQp4qcip75nJACmwsDstb";
    private static final String ALBUM_ID = "3EncU2oR8VzeuWvLKPIEQd";

    // ---- Spotify-shaped objects, hand-written from the spec and the seed's real rows ----

    private static ObjectNode simplifiedArtist(String id, String name) {
        return json("""
                {"external_urls": {"spotify": "https://open.spotify.com/artist/%1$s"},
                 "href": "%2$s/artists/%1$s", "id": "%1$s", "name": "%3$s", "type": "artist",
                 "uri": "spotify:artist:%1$s"}
                """.formatted(id, BASE, name));
    }

    private static ObjectNode artist() {
        return json("""
                {"external_urls": {"spotify": "https://open.spotify.com/artist/54qqaSH6byJIb8eFWxe3Pj"},
                 "followers": {"href": null, "total": 72765},
                 "genres": ["drum and bass", "neurofunk"],
                 "href": "%s/artists/54qqaSH6byJIb8eFWxe3Pj", "id": "54qqaSH6byJIb8eFWxe3Pj",
                 "images": [{"url": "https://i.scdn.co/image/ab6761610000e5eb0a", "height": 640, "width": 640},
                            {"url": "https://i.scdn.co/image/ab6761610000517401", "height": 320, "width": 320}],
                 "name": "Mefjus", "popularity": 52, "type": "artist", "uri": "spotify:artist:54qqaSH6byJIb8eFWxe3Pj"}
                """.formatted(BASE));
    }

    private static ObjectNode simplifiedAlbum() {
        ObjectNode album = json("""
                {"album_type": "single", "total_tracks": 2, "available_markets": ["DE", "GB", "US"],
                 "external_urls": {"spotify": "https://open.spotify.com/album/%1$s"},
                 "href": "%2$s/albums/%1$s", "id": "%1$s",
                 "images": [{"url": "https://i.scdn.co/image/ab67616d0000b273aa", "height": 640, "width": 640},
                            {"url": "https://i.scdn.co/image/ab67616d00001e02bb", "height": 300, "width": 300}],
                 "name": "Pivot (Camo & Krooked Remix) / Sinkhole (Skeptical Remix)",
                 "release_date": "2018-11-02", "release_date_precision": "day", "type": "album",
                 "uri": "spotify:album:%1$s"}
                """.formatted(ALBUM_ID, BASE));
        album.putArray("artists").add(simplifiedArtist("54qqaSH6byJIb8eFWxe3Pj", "Mefjus"))
                .add(simplifiedArtist("2N8IPNZTiNo3nj4mreOlHU", "Camo & Krooked"));
        return album;
    }

    private static ObjectNode simplifiedTrack() {
        ObjectNode track = json("""
                {"available_markets": ["DE", "GB", "US"], "disc_number": 1, "duration_ms": 277674,
                 "explicit": false, "external_urls": {"spotify": "https://open.spotify.com/track/%1$s"},
                 "href": "%2$s/tracks/%1$s", "id": "%1$s", "name": "Sinkhole - Skeptical Remix",
                 "preview_url": null, "track_number": 2, "type": "track", "uri": "spotify:track:%1$s",
                 "is_local": false}
                """.formatted(TRACK_ID, BASE));
        track.putArray("artists").add(simplifiedArtist("54qqaSH6byJIb8eFWxe3Pj", "Mefjus"))
                .add(simplifiedArtist("28ee6rnxMl8AqwcroPfivP", "Skeptical"));
        return track;
    }

    private static ObjectNode track() {
        ObjectNode track = simplifiedTrack();
        track.set("album", simplifiedAlbum());
        track.putObject("external_ids").put("isrc", "UKACT1830494");
        track.put("popularity", 16);
        return track;
    }

    private static ObjectNode paging(String href, JsonNode... items) {
        ObjectNode page = JSON.createObjectNode();
        page.put("href", href);
        ArrayNode array = page.putArray("items");
        for (JsonNode item : items) {
            array.add(item);
        }
        page.put("limit", 20).putNull("next").put("offset", 0).putNull("previous").put("total", items.length);
        return page;
    }

    private static ObjectNode album() {
        ObjectNode album = simplifiedAlbum();
        album.set("tracks", paging(BASE + "/albums/" + ALBUM_ID + "/tracks?offset=0&limit=50", simplifiedTrack()));
        album.set("copyrights", JSON.createArrayNode()
                .add(json("{\"text\": \"2018 Vision Recordings\", \"type\": \"C\"}"))
                .add(json("{\"text\": \"2018 Vision Recordings\", \"type\": \"P\"}")));
        album.putObject("external_ids").put("upc", "5057272089689");
        album.putArray("genres");
        album.put("label", "Vision Recordings").put("popularity", 7);
        return album;
    }

    /** Drops {@code available_markets} everywhere and marks tracks playable: what Spotify sends for a market. */
    private static ObjectNode forMarket(ObjectNode node) {
        node.remove("available_markets");
        if ("track".equals(node.path("type").asText())) {
            node.put("is_playable", true);
        }
        node.properties().forEach(e -> {
            if (e.getValue() instanceof ObjectNode child) {
                forMarket(child);
            } else if (e.getValue() instanceof ArrayNode array) {
                array.forEach(item -> {
                    if (item instanceof ObjectNode child) {
                        forMarket(child);
                    }
                });
            }
        });
        return node;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static List<String> violations(String pathAndQuery, int status, JsonNode body) {
        return SCHEMA.violations("GET", pathAndQuery, status, body);
    }

    private static void assertViolation(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)),
                () -> "expected a violation starting with <" + expected + "> in " + problems);
    }

    // ---- valid bodies pass ----

    @Test
    void spotifyShapedObjectsOfEveryCatalogEndpointPass() {
        SCHEMA.assertValid("GET", "/v1/tracks/" + TRACK_ID, 200, track());
        SCHEMA.assertValid("GET", "/v1/albums/" + ALBUM_ID, 200, album());
        SCHEMA.assertValid("GET", "/v1/albums/" + ALBUM_ID + "/tracks?limit=20", 200,
                paging(BASE + "/albums/" + ALBUM_ID + "/tracks?offset=0&limit=20", simplifiedTrack()));
        SCHEMA.assertValid("GET", "/v1/artists/54qqaSH6byJIb8eFWxe3Pj", 200, artist());
        ObjectNode several = JSON.createObjectNode();
        several.putArray("tracks").add(track());
        SCHEMA.assertValid("GET", "/v1/tracks?ids=" + TRACK_ID, 200, several);
        ObjectNode topTracks = JSON.createObjectNode();
        topTracks.putArray("tracks").add(track()).add(track());
        SCHEMA.assertValid("GET", "/v1/artists/54qqaSH6byJIb8eFWxe3Pj/top-tracks", 200, topTracks);
        SCHEMA.assertValid("GET", "/v1/markets", 200, json("{\"markets\": [\"DE\", \"GB\"]}"));
    }

    @Test
    void artistAlbumsNeedTheAlbumGroup() {
        ObjectNode discography = simplifiedAlbum().put("album_group", "appears_on");
        String path = "/v1/artists/54qqaSH6byJIb8eFWxe3Pj/albums?include_groups=album,appears_on";
        SCHEMA.assertValid("GET", path, 200, paging(BASE + "/artists/x/albums", discography));

        assertViolation(violations(path, 200, paging(BASE, simplifiedAlbum())), "/items/0/album_group: required");
        assertViolation(violations(path, 200, paging(BASE, simplifiedAlbum().put("album_group", "ep"))),
                "/items/0/album_group: \"ep\" is not one of");
    }

    @Test
    void searchAnswersOnlyTheRequestedTypesButAtLeastOne() {
        ObjectNode result = JSON.createObjectNode();
        result.set("tracks", paging(BASE + "/search?q=sinkhole&type=track", track()));
        result.set("artists", paging(BASE + "/search?q=sinkhole&type=artist", artist()));
        SCHEMA.assertValid("GET", "/v1/search?q=sinkhole&type=track,artist", 200, result);

        assertViolation(violations("/v1/search?q=x&type=track", 200, JSON.createObjectNode()),
                "(root): needs at least 1");
        result.set("albums", paging(BASE, album()));
        assertViolation(violations("/v1/search?q=x&type=album", 200, result), "/albums/items/0/tracks: property is "
                + "not in Spotify's schema");
    }

    @Test
    void audioFeaturesNumbersAcceptIntegersButRangesHold() {
        ObjectNode features = json("""
                {"acousticness": 0.00242, "analysis_url": "%1$s/audio-analysis/%2$s", "danceability": 0.585,
                 "duration_ms": 237040, "energy": 0.842, "id": "%2$s", "instrumentalness": 0.00686, "key": 9,
                 "liveness": 0.0866, "loudness": -5.883, "mode": 0, "speechiness": 0.0556, "tempo": 120,
                 "time_signature": 4, "track_href": "%1$s/tracks/%2$s", "type": "audio_features",
                 "uri": "spotify:track:%2$s", "valence": 0.428}
                """.formatted(BASE, TRACK_ID));
        SCHEMA.assertValid("GET", "/v1/audio-features/" + TRACK_ID, 200, features);

        features.put("key", 12).put("acousticness", 1.5).put("mode", 1.0);
        List<String> problems = violations("/v1/audio-features/" + TRACK_ID, 200, features);
        assertViolation(problems, "/key: 12 is above the maximum 11");
        assertViolation(problems, "/acousticness: 1.5 is above the maximum 1");
        assertViolation(problems, "/mode: expected integer, found number 1.0");
    }

    // ---- the market rule ----

    @Test
    void withAMarketTracksAreMarkedPlayableAndListNoMarkets() {
        SCHEMA.assertValid("GET", "/v1/tracks/" + TRACK_ID + "?market=DE", 200, forMarket(track()));
        SCHEMA.assertValid("GET", "/v1/albums/" + ALBUM_ID + "?market=DE", 200, forMarket(album()));
        ObjectNode restricted = forMarket(track()).put("is_playable", false);
        restricted.putObject("restrictions").put("reason", "market");
        SCHEMA.assertValid("GET", "/v1/tracks/" + TRACK_ID + "?market=DE", 200, restricted);

        List<String> marketlessBody = violations("/v1/tracks/" + TRACK_ID + "?market=DE", 200, track());
        assertViolation(marketlessBody, "/available_markets: must be absent when a market is given");
        assertViolation(marketlessBody, "/album/available_markets: must be absent when a market is given");
        assertViolation(marketlessBody, "/is_playable: required property is missing");

        List<String> marketBodyWithoutMarket = violations("/v1/tracks/" + TRACK_ID, 200, restricted);
        assertViolation(marketBodyWithoutMarket, "/available_markets: required property is missing");
        assertViolation(marketBodyWithoutMarket, "/is_playable: must be absent without a market parameter");
        assertViolation(marketBodyWithoutMarket, "/restrictions: must be absent without a market parameter");
    }

    // ---- every kind of deviation fails, naming the pointer ----

    @Test
    void missingPropertyFails() {
        ObjectNode track = track();
        track.remove("is_local");
        ((ObjectNode) track.get("album")).remove("images");
        List<String> problems = violations("/v1/tracks/" + TRACK_ID, 200, track);
        assertViolation(problems, "/is_local: required property is missing");
        assertViolation(problems, "/album/images: required property is missing");
        assertEquals(2, problems.size(), problems::toString);
    }

    @Test
    void internalRowidFails() {
        ObjectNode album = album();
        album.put("rowid", 767985);
        ((ObjectNode) album.get("artists").get(1)).put("rowid", 4929842);
        ((ObjectNode) album.at("/tracks/items/0")).put("album_rowid", 767985);
        List<String> problems = violations("/v1/albums/" + ALBUM_ID, 200, album);
        assertViolation(problems, "/rowid: property is not in Spotify's schema");
        assertViolation(problems, "/artists/1/rowid: property is not in Spotify's schema");
        assertViolation(problems, "/tracks/items/0/album_rowid: property is not in Spotify's schema");
    }

    @Test
    void explicitAsIntegerFails() {
        List<String> problems = violations("/v1/tracks/" + TRACK_ID, 200, track().put("explicit", 0));
        assertEquals(List.of("/explicit: expected boolean, found integer 0"), problems);
    }

    @Test
    void stringWhereAnIntegerIsExpectedFails() {
        List<String> problems = violations("/v1/tracks/" + TRACK_ID, 200,
                track().put("duration_ms", "277674").put("popularity", 16.5));
        assertViolation(problems, "/duration_ms: expected integer, found string \"277674\"");
        assertViolation(problems, "/popularity: expected integer, found number 16.5");
    }

    @Test
    void wrongEnumValueFails() {
        ObjectNode track = track();
        ((ObjectNode) track.get("album")).put("album_type", "ep").put("release_date_precision", "week");
        List<String> problems = violations("/v1/tracks/" + TRACK_ID, 200, track);
        assertViolation(problems, "/album/album_type: \"ep\" is not one of [\"album\", \"single\", \"compilation\"]");
        assertViolation(problems, "/album/release_date_precision: \"week\" is not one of");
    }

    @Test
    void nullOnlyWhereTheSpecSaysNullable() {
        ObjectNode track = track().putNull("name");
        ((ObjectNode) track.at("/album/images/0")).putNull("width");
        List<String> problems = violations("/v1/tracks/" + TRACK_ID, 200, track);
        assertEquals(List.of("/name: is null, but string is not nullable"), problems);
    }

    @Test
    void nullInPlaceOfAnUnknownIdOnlyOnSeveralIdsEndpoints() {
        ObjectNode several = JSON.createObjectNode();
        several.putArray("artists").add(artist()).addNull();
        SCHEMA.assertValid("GET", "/v1/artists?ids=54qqaSH6byJIb8eFWxe3Pj,0000000000000000000000", 200, several);

        ObjectNode topTracks = JSON.createObjectNode();
        topTracks.putArray("tracks").add(track()).addNull();
        assertViolation(violations("/v1/artists/54qqaSH6byJIb8eFWxe3Pj/top-tracks", 200, topTracks),
                "/tracks/1: is null");
    }

    @Test
    void externalIdsCarryOnlyKnownIdsButNothingElse() {
        ObjectNode album = album();
        ((ObjectNode) album.get("external_ids")).put("amgid", "R123");
        assertViolation(violations("/v1/albums/" + ALBUM_ID, 200, album),
                "/external_ids/amgid: property is not in Spotify's schema");
    }

    // ---- errors ----

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 429})
    void spotifyErrorBodiesPass(int status) {
        ObjectNode error = json("{\"error\": {\"status\": " + status + ", \"message\": \"invalid id\"}}");
        SCHEMA.assertValid("GET", "/v1/tracks/nope", status, error);
    }

    @Test
    void errorBodiesAreExact() {
        SCHEMA.assertValid("POST", "/v1/tracks", 405,
                json("{\"error\": {\"status\": 405, \"message\": \"Method not allowed\"}}"));
        SCHEMA.assertValid("GET", "/v1/no-such-endpoint", 404,
                json("{\"error\": {\"status\": 404, \"message\": \"Service not found\"}}"));

        assertViolation(violations("/v1/tracks/nope", 404, json("{\"error\": {\"status\": 400, \"message\": \"x\"}}")),
                "/error/status: is 400 but the HTTP status is 404");
        assertViolation(violations("/v1/tracks/nope", 404, json("{\"error\": {\"status\": 404}}")),
                "/error/message: required property is missing");
        assertViolation(violations("/v1/tracks/nope", 404, json("{\"error\": \"not found\"}")),
                "/error: expected object, found string");
        assertViolation(violations("/v1/tracks/nope", 404, json("{\"status\": 404, \"message\": \"x\"}")),
                "/status: property is not in Spotify's schema");
    }

    // ---- what the validator refuses to guess ----

    @Test
    void unknownOperationsAndMissingBasePathAreViolations() {
        assertEquals(List.of("(root): the spec has no operation GET /v1/no-such-endpoint"),
                violations("/v1/no-such-endpoint", 200, JSON.createObjectNode()));
        assertEquals(List.of("(root): the spec has no operation GET /tracks/" + TRACK_ID),
                violations("/tracks/" + TRACK_ID, 200, track()));
        assertEquals(List.of("(root): the spec declares no 201 response for GET /v1/tracks/" + TRACK_ID),
                violations("/v1/tracks/" + TRACK_ID, 201, track()));
    }

    @Test
    void rawBodiesMustBeJsonWithoutDuplicateKeys() {
        assertViolation(SCHEMA.violations("GET", "/v1/markets", 200, "<html>"), "(root): body is not JSON");
        assertViolation(SCHEMA.violations("GET", "/v1/markets", 200, "{\"markets\": [], \"markets\": []}"),
                "(root): body is not JSON");
        assertTrue(SCHEMA.violations("GET", "/v1/markets", 200, "{\"markets\": [\"DE\"]}").isEmpty());
    }

    @Test
    void assertValidNamesEveryProblem() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> SCHEMA.assertValid("GET", "/v1/tracks/" + TRACK_ID, 200, track().put("explicit", 1).toString()));
        assertTrue(error.getMessage().contains("/explicit: expected boolean, found integer 1"), error.getMessage());
    }

    @Test
    void everyCatalogEndpointOfTheSpotifyFaceIsInTheSpec() {
        for (String path : List.of("/v1/tracks/x", "/v1/tracks?ids=x", "/v1/albums/x", "/v1/albums?ids=x",
                "/v1/albums/x/tracks", "/v1/artists/x", "/v1/artists?ids=x", "/v1/artists/x/albums",
                "/v1/artists/x/top-tracks", "/v1/audio-features/x", "/v1/audio-features?ids=x",
                "/v1/search?q=x&type=track", "/v1/markets")) {
            List<String> problems = violations(path, 200, JSON.createObjectNode());
            assertFalse(problems.isEmpty(), path + " accepted an empty object");
            assertTrue(problems.stream().noneMatch(p -> p.contains("the spec")), path + ": " + problems);
        }
    }
}
