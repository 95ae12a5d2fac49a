package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports the real sample and checks every track, album and artist against the source rows, read here
 * independently of the importer with plain per-table DuckDB queries and Java-side grouping.
 */
class SampleImportTest {
    private static Catalog catalog;
    private static Connection duck;

    @BeforeAll
    static void setUp() throws Exception {
        catalog = TestCatalogs.open(TestCatalogs.sampleData());
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void tearDown() throws Exception {
        catalog.close();
        duck.close();
    }

    private static List<Map<String, Object>> rows(String table) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM read_parquet('" + TestCatalogs.sampleDump().resolve(table + ".parquet") + "')")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    @Test
    void countsMatchTheSample() {
        CatalogInfo info = catalog.info();
        assertEquals(393, info.tracks());
        assertEquals(21, info.albums());
        assertEquals(258, info.artists());
        assertEquals(386, info.audioFeatures());
    }

    @Test
    void everyArtistMatchesItsRows() throws Exception {
        Map<Long, List<String>> genres = new HashMap<>();
        for (var g : rows("artist_genres")) {
            genres.computeIfAbsent(num(g.get("artist_rowid")), k -> new ArrayList<>()).add((String) g.get("genre"));
        }
        Map<Long, Set<String>> imageUrls = new HashMap<>();
        Map<Long, Long> largest = new HashMap<>();
        for (var im : rows("artist_images")) {
            long a = num(im.get("artist_rowid"));
            imageUrls.computeIfAbsent(a, k -> new LinkedHashSet<>()).add((String) im.get("url"));
            largest.merge(a, num(im.get("width")), Math::max);
        }
        for (var row : rows("artists")) {
            Artist a = catalog.artist((String) row.get("id")).orElseThrow();
            long rowid = num(row.get("rowid"));
            assertEquals(row.get("name"), a.name());
            assertEquals(num(row.get("followers_total")), a.followers());
            assertEquals(num(row.get("popularity")), a.popularity());
            assertEquals(genres.getOrDefault(rowid, List.of()).stream().distinct().sorted().toList(), a.genres());
            Set<String> urls = imageUrls.getOrDefault(rowid, Set.of());
            assertEquals(urls.size(), a.images().size(), "images deduplicated for " + a.id());
            assertEquals(urls, new java.util.HashSet<>(a.images().stream().map(Image::url).toList()));
            if (!a.images().isEmpty()) {
                assertEquals(largest.get(rowid).longValue(), a.images().getFirst().width(), "largest image first");
                for (int i = 1; i < a.images().size(); i++) {
                    assertTrue(a.images().get(i - 1).width() >= a.images().get(i).width());
                }
            }
        }
    }

    @Test
    void everyAlbumMatchesItsRows() throws Exception {
        Map<Long, String> artistId = new HashMap<>();
        Map<Long, String> artistName = new HashMap<>();
        for (var a : rows("artists")) {
            artistId.put(num(a.get("rowid")), (String) a.get("id"));
            artistName.put(num(a.get("rowid")), (String) a.get("name"));
        }
        Map<Long, String> markets = new HashMap<>();
        for (var m : rows("available_markets")) {
            markets.put(num(m.get("rowid")), (String) m.get("available_markets"));
        }
        Map<Long, java.util.TreeMap<Long, String>> own = new HashMap<>();
        for (var l : rows("artist_albums")) {
            if (num(l.get("is_appears_on")) == 0 && num(l.get("is_implicit_appears_on")) == 0) {
                own.computeIfAbsent(num(l.get("album_rowid")), k -> new java.util.TreeMap<>())
                    .put(num(l.get("index_in_album")), artistId.get(num(l.get("artist_rowid"))));
            }
        }
        for (var row : rows("albums")) {
            Album a = catalog.album((String) row.get("id")).orElseThrow();
            long rowid = num(row.get("rowid"));
            assertEquals(row.get("name"), a.name());
            assertEquals(row.get("album_type"), a.albumType());
            assertEquals(row.get("external_id_upc"), a.upc());
            assertEquals(row.get("copyright_c"), a.copyrightC());
            assertEquals(row.get("copyright_p"), a.copyrightP());
            assertEquals(row.get("label"), a.label());
            assertEquals(num(row.get("popularity")), a.popularity());
            assertEquals(row.get("release_date"), a.releaseDate());
            assertEquals(row.get("release_date_precision"), a.releaseDatePrecision());
            assertEquals(num(row.get("total_tracks")), a.totalTracks());
            assertEquals(Markets.parse(markets.get(num(row.get("available_markets_rowid")))), a.markets());
            List<String> expectedArtists = new ArrayList<>(own.getOrDefault(rowid, new java.util.TreeMap<>()).values());
            assertEquals(expectedArtists, a.artists().stream().map(ArtistRef::id).toList(), "album artists in index order");
            for (ArtistRef r : a.artists()) {
                assertNotNull(r.name());
            }
            assertFalse(a.images().isEmpty());
            assertEquals(640, a.images().getFirst().width());
        }
    }

    @Test
    void everyTrackMatchesItsRowsWithArtistsInFileOrder() throws Exception {
        Map<Long, String> artistId = new HashMap<>();
        for (var a : rows("artists")) {
            artistId.put(num(a.get("rowid")), (String) a.get("id"));
        }
        Map<Long, String> albumId = new HashMap<>();
        for (var a : rows("albums")) {
            albumId.put(num(a.get("rowid")), (String) a.get("id"));
        }
        Map<Long, List<String>> trackArtists = new HashMap<>();
        for (var ta : rows("track_artists")) {
            trackArtists.computeIfAbsent(num(ta.get("track_rowid")), k -> new ArrayList<>()).add(artistId.get(num(ta.get("artist_rowid"))));
        }
        int withNullPreview = 0;
        for (var row : rows("tracks")) {
            Track t = catalog.track((String) row.get("id")).orElseThrow();
            assertEquals(row.get("name"), t.name());
            assertEquals(row.get("preview_url"), t.previewUrl());
            withNullPreview += t.previewUrl() == null ? 1 : 0;
            assertEquals(num(row.get("track_number")), t.trackNumber());
            assertEquals(num(row.get("disc_number")), t.discNumber());
            assertEquals(num(row.get("duration_ms")), t.durationMs());
            assertEquals(num(row.get("explicit")) != 0, t.explicit());
            assertEquals(num(row.get("popularity")), t.popularity());
            assertEquals(row.get("external_id_isrc"), t.isrc());
            assertEquals(albumId.get(num(row.get("album_rowid"))), t.album().id());
            assertEquals(trackArtists.get(num(row.get("rowid"))).stream().distinct().toList(),
                t.artists().stream().map(ArtistRef::id).toList(), "artists of " + t.id() + " in file row order");
        }
        assertTrue(withNullPreview >= 0);
    }

    @Test
    void audioFeaturesAreParsedFromText() throws Exception {
        for (var row : rows("track_audio_features")) {
            AudioFeatures f = catalog.audioFeatures((String) row.get("track_id")).orElseThrow();
            assertEquals(Double.parseDouble((String) row.get("tempo")), f.tempo());
            assertEquals(Integer.parseInt((String) row.get("key")), f.key());
            assertEquals(Double.parseDouble((String) row.get("loudness")), f.loudness());
            assertEquals(Long.parseLong((String) row.get("duration_ms")), f.durationMs());
            assertEquals(Double.parseDouble((String) row.get("valence")), f.valence());
        }
    }

    @Test
    void albumTracksAreOrderedByDiscAndNumberAndArtistAlbumsGrouped() {
        Page<Track> substance = catalog.albumTracks("6iHuSGy6pq4tNGFV3ZVPtl", 0, 50).orElseThrow();
        assertEquals(24, substance.total());
        int prev = 0;
        for (Track t : substance.items()) {
            int pos = t.discNumber() * 1000 + t.trackNumber();
            assertTrue(pos > prev, "ordered by disc then track");
            prev = pos;
        }
        Page<Track> second = catalog.albumTracks("6iHuSGy6pq4tNGFV3ZVPtl", 20, 10).orElseThrow();
        assertEquals(4, second.items().size());
        assertEquals(substance.items().get(20).id(), second.items().getFirst().id());
        // New Order: the album's own artist
        String newOrder = catalog.album("6iHuSGy6pq4tNGFV3ZVPtl").orElseThrow().artists().getFirst().id();
        Page<ArtistAlbum> albums = catalog.artistAlbums(newOrder, Set.of(AlbumGroup.ALBUM), 0, 50).orElseThrow();
        assertTrue(albums.items().stream().anyMatch(aa -> aa.album().id().equals("6iHuSGy6pq4tNGFV3ZVPtl")));
        assertTrue(albums.items().stream().allMatch(aa -> aa.group() == AlbumGroup.ALBUM));
        List<Track> top = catalog.topTracks(newOrder, null, 10).orElseThrow();
        assertFalse(top.isEmpty());
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).popularity() >= top.get(i).popularity());
        }
    }

    @Test
    void appearsOnAlbumsAreTheirOwnGroup() throws Exception {
        // artist rows with is_appears_on = 1 on the 13 Reasons Why compilation
        String compilation = "4RpgjxgSxcRwGNuWnImneN";
        Map<Long, String> artistId = new HashMap<>();
        for (var a : rows("artists")) {
            artistId.put(num(a.get("rowid")), (String) a.get("id"));
        }
        String appearing = null;
        for (var l : rows("artist_albums")) {
            if (num(l.get("album_rowid")) == 15153 && num(l.get("is_appears_on")) == 1 && artistId.containsKey(num(l.get("artist_rowid")))) {
                appearing = artistId.get(num(l.get("artist_rowid")));
                break;
            }
        }
        assertNotNull(appearing);
        Page<ArtistAlbum> page = catalog.artistAlbums(appearing, Set.of(AlbumGroup.APPEARS_ON), 0, 50).orElseThrow();
        assertTrue(page.items().stream().anyMatch(aa -> aa.album().id().equals(compilation) && aa.group() == AlbumGroup.APPEARS_ON));
        Page<ArtistAlbum> own = catalog.artistAlbums(appearing, Set.of(AlbumGroup.ALBUM, AlbumGroup.COMPILATION), 0, 50).orElseThrow();
        assertTrue(own.items().stream().noneMatch(aa -> aa.album().id().equals(compilation)));
    }

    @Test
    void unknownIdsAreEmptyAndBatchesKeepOrderWithNulls() {
        assertTrue(catalog.track("0000000000000000000000").isEmpty());
        List<Track> batch = catalog.tracks(List.of("6hHc7Pks7wtBIW8Z6A0iFq", "0000000000000000000000", "5CRPGdCSOfstyTVK9Ja5EQ"));
        assertEquals("6hHc7Pks7wtBIW8Z6A0iFq", batch.get(0).id());
        assertEquals(null, batch.get(1));
        assertEquals("Ceremony", batch.get(2).name());
        assertEquals("Blue Monday", catalog.track("6hHc7Pks7wtBIW8Z6A0iFq").orElseThrow().name());
    }
}
