package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An artist's top tracks, read through the table an import writes from the track records, are the artist's most
 * popular live tracks, computed here from every track of the catalog.
 */
class TopTracksTest {

    private static Map<String, List<Track>> tracksByArtist(Catalog c) throws IOException {
        Map<String, List<Track>> out = new HashMap<>();
        for (Track t : TestCatalogs.liveTracks(c)) {
            for (ArtistRef a : t.artists()) {
                out.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(t);
            }
        }
        return out;
    }

    private static List<Integer> popularity(List<Track> tracks) {
        return tracks.stream().map(Track::popularity).toList();
    }

    @Test
    void everyArtistsTopTracksAreItsMostPopularOnesAndWithAMarketOnlyThosePlayableThere() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            Map<String, List<Track>> byArtist = tracksByArtist(c);
            String market = c.markets().get(c.markets().size() / 2);
            int compared = 0;
            int withMore = 0;
            int filtered = 0;
            for (Map.Entry<String, List<Track>> e : byArtist.entrySet()) {
                if (compared == 3000) {
                    break;
                }
                String artist = e.getKey();
                List<Track> want = new ArrayList<>(e.getValue());
                want.sort(Comparator.comparingInt(Track::popularity).reversed());
                List<Track> top = c.topTracks(artist, null, 10).orElseThrow();
                assertEquals(popularity(want.subList(0, Math.min(10, want.size()))), popularity(top), artist);
                assertEquals(top.size(), new HashSet<>(top.stream().map(Track::id).toList()).size(), "no track twice");
                for (Track t : top) {
                    assertTrue(t.artists().stream().anyMatch(a -> a.id().equals(artist)), artist + " is on " + t.id());
                    assertNotNull(t.album(), "a top track carries its album");
                }
                List<Track> inMarket = c.topTracks(artist, market, 10).orElseThrow();
                for (Track t : inMarket) {
                    assertTrue(t.markets().contains(market), t.id() + " is playable in " + market);
                }
                if (want.size() <= TrackTables.TOP) {
                    // with a market, the most popular fifty are filtered; exact where the artist has no more
                    List<Track> wantInMarket = want.stream().filter(t -> t.markets().contains(market)).limit(10).toList();
                    assertEquals(popularity(wantInMarket), popularity(inMarket), artist + " in " + market);
                    filtered += want.size() - wantInMarket.size() > 0 ? 1 : 0;
                }
                withMore += want.size() > 10 ? 1 : 0;
                compared++;
            }
            assertTrue(withMore > 20, "artists with more than ten tracks were compared: " + withMore);
            assertTrue(filtered > 20, "artists with tracks outside the market were compared: " + filtered);
        }
    }

    @Test
    void tablesWrittenForOtherRecordsAreRefused() throws IOException {
        Path current = new CatalogStore(TestCatalogs.syntheticData().resolve("catalog")).current().orElseThrow();
        Path tracks = current.resolve(Fields.TRACKS);
        try (RecordFile trackRecords = RecordFile.open(tracks);
             IdTable trackIds = IdTable.open(tracks, null, trackRecords);
             RecordFile albumRecords = RecordFile.open(current.resolve(Fields.ALBUMS));
             IdTable albumIds = IdTable.open(current.resolve(Fields.ALBUMS), null, albumRecords)) {
            try (TopTrackTable top = TopTrackTable.open(tracks, trackRecords, trackIds);
                 AlbumTrackTable albums = AlbumTrackTable.open(tracks, null, trackRecords, trackIds)) {
                assertNotNull(top);
                assertNotNull(albums);
                assertTrue(albums.holdsAddresses());
            }
            assertNull(TopTrackTable.open(tracks, albumRecords, albumIds));
            assertNull(AlbumTrackTable.open(tracks, null, albumRecords, albumIds));
        }
    }
}
