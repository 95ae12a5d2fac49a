package org.tonearm.http.spotify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neovisionaries.i18n.CountryCode;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.detailed.NotFoundException;
import se.michaelthelin.spotify.model_objects.specification.Album;
import se.michaelthelin.spotify.model_objects.specification.AlbumSimplified;
import se.michaelthelin.spotify.model_objects.specification.Artist;
import se.michaelthelin.spotify.model_objects.specification.ArtistSimplified;
import se.michaelthelin.spotify.model_objects.specification.AudioFeatures;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.Track;
import se.michaelthelin.spotify.model_objects.specification.TrackSimplified;
import org.tonearm.catalog.Catalog;
import org.tonearm.catalog.TestCatalogs;

/** spotify-web-api-java 9.4.0, pointed at Tonearm by host and port only, parses what the catalog holds. */
class SpotifyClientTest {
    static SpotifyServer server;
    static Catalog catalog;
    static SpotifyApi api;

    @BeforeAll
    static void start() {
        server = new SpotifyServer(TestCatalogs.sampleData(), SpotifyServer.open(null), (a, b) -> false, Clock.systemUTC());
        catalog = TestCatalogs.open(TestCatalogs.sampleData());
        api = SpotifyApi.builder().setScheme("http").setHost("127.0.0.1").setPort(server.port()).setAccessToken("any").build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        catalog.close();
    }

    @Test
    void getTrackAndSeveralTracks() throws Exception {
        Track t = api.getTrack(SpotifyFaceTest.BLUE_MONDAY).build().execute();
        var expected = catalog.track(SpotifyFaceTest.BLUE_MONDAY).orElseThrow();
        assertEquals(expected.name(), t.getName());
        assertEquals((int) expected.durationMs(), t.getDurationMs());
        assertEquals(expected.isrc(), t.getExternalIds().getExternalIds().get("isrc"));
        assertEquals(expected.album().id(), t.getAlbum().getId());
        assertEquals(expected.artists().getFirst().name(), t.getArtists()[0].getName());
        assertEquals(expected.markets().size(), t.getAvailableMarkets().length);
        Track[] several = api.getSeveralTracks(SpotifyFaceTest.BLUE_MONDAY, SpotifyFaceTest.NULL_PREVIEW_TRACK).build().execute();
        assertEquals(2, several.length);
        assertNull(several[1].getPreviewUrl());
    }

    @Test
    void getAlbumAndItsTracks() throws Exception {
        Album a = api.getAlbum(SpotifyFaceTest.COMPILATION).build().execute();
        var expected = catalog.album(SpotifyFaceTest.COMPILATION).orElseThrow();
        assertEquals(expected.name(), a.getName());
        assertEquals(expected.label(), a.getLabel());
        assertEquals(expected.artists().size(), a.getArtists().length);
        assertEquals(expected.releaseDate(), a.getReleaseDate());
        assertEquals(expected.totalTracks(), a.getTracks().getTotal());
        Paging<TrackSimplified> page = api.getAlbumsTracks(SpotifyFaceTest.SUBSTANCE).limit(5).offset(5).build().execute();
        assertEquals(24, page.getTotal());
        assertEquals(5, page.getItems().length);
        assertEquals(catalog.albumTracks(SpotifyFaceTest.SUBSTANCE, 5, 5).orElseThrow().items().getFirst().id(), page.getItems()[0].getId());
        assertTrue(page.getNext().contains("offset=10"));
    }

    @Test
    void getArtistsAlbumsAndTopTracks() throws Exception {
        Artist a = api.getArtist(SpotifyFaceTest.PAUL_VAN_DYK).build().execute();
        var expected = catalog.artist(SpotifyFaceTest.PAUL_VAN_DYK).orElseThrow();
        assertEquals("Paul van Dyk", a.getName());
        assertEquals((int) expected.followers(), a.getFollowers().getTotal());
        assertArrayEquals(expected.genres().toArray(), a.getGenres());
        assertEquals(expected.images().size(), a.getImages().length);
        Artist[] several = api.getSeveralArtists(SpotifyFaceTest.PAUL_VAN_DYK, expected.id()).build().execute();
        assertEquals(2, several.length);
        String newOrder = catalog.album(SpotifyFaceTest.SUBSTANCE).orElseThrow().artists().getFirst().id();
        Paging<AlbumSimplified> albums = api.getArtistsAlbums(newOrder).build().execute();
        assertTrue(Arrays.stream(albums.getItems()).anyMatch(al -> al.getId().equals(SpotifyFaceTest.SUBSTANCE)));
        Track[] top = api.getArtistsTopTracks(newOrder, CountryCode.DE).build().execute();
        assertEquals(catalog.topTracks(newOrder, "DE", 10).orElseThrow().getFirst().id(), top[0].getId());
    }

    @Test
    void searchEachType() throws Exception {
        Paging<Track> tracks = api.searchTracks("blue monday").build().execute();
        assertEquals(SpotifyFaceTest.BLUE_MONDAY, tracks.getItems()[0].getId());
        Paging<AlbumSimplified> albums = api.searchAlbums("substance").build().execute();
        assertEquals(SpotifyFaceTest.SUBSTANCE, albums.getItems()[0].getId());
        Paging<Artist> artists = api.searchArtists("paul van dyk").build().execute();
        assertEquals(SpotifyFaceTest.PAUL_VAN_DYK, artists.getItems()[0].getId());
        for (ArtistSimplified x : tracks.getItems()[0].getArtists()) {
            assertTrue(!x.getName().isEmpty());
        }
    }

    @Test
    void audioFeatures() throws Exception {
        AudioFeatures f = api.getAudioFeaturesForTrack(SpotifyFaceTest.BLUE_MONDAY).build().execute();
        var expected = catalog.audioFeatures(SpotifyFaceTest.BLUE_MONDAY).orElseThrow();
        assertEquals((float) expected.tempo(), f.getTempo());
        assertEquals(expected.key(), f.getKey());
    }

    @Test
    void unknownIdIsNotFoundException() {
        assertThrows(NotFoundException.class, () -> api.getTrack(SpotifyFaceTest.UNKNOWN).build().execute());
        assertThrows(NotFoundException.class, () -> api.getAlbum(SpotifyFaceTest.UNKNOWN).build().execute());
        assertThrows(NotFoundException.class, () -> api.getArtist(SpotifyFaceTest.UNKNOWN).build().execute());
    }
}
