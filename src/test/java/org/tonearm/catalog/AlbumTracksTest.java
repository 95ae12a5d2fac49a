package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.Test;

/**
 * An album's tracks, read through the album track table an import writes from the track records, give the pages,
 * order and totals of the catalog's tracks grouped by album and sorted by disc and track, computed here directly.
 */
class AlbumTracksTest {

    /** Every live track of the catalog grouped by album id. */
    static Map<String, List<Track>> tracksByAlbum(Catalog c) throws IOException {
        Map<String, List<Track>> out = new HashMap<>();
        for (Track t : TestCatalogs.liveTracks(c)) {
            if (t.album() != null) {
                out.computeIfAbsent(t.album().id(), k -> new ArrayList<>()).add(t);
            }
        }
        return out;
    }

    private static final Comparator<Track> BY_POSITION = Comparator.comparingLong(t -> (long) t.discNumber() * 10_000 + t.trackNumber());

    /** The order within equal disc and track numbers is the table's (record order); compared by id there. */
    private static List<String> ids(List<Track> tracks) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= tracks.size(); i++) {
            if (i == tracks.size() || BY_POSITION.compare(tracks.get(i - 1), tracks.get(i)) != 0) {
                tracks.subList(from, i).stream().map(Track::id).sorted().forEach(out::add);
                from = i;
            }
        }
        return out;
    }

    @Test
    void everyAlbumOfTheSyntheticCatalogPagesItsTracksByDiscAndTrack() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            Map<String, List<Track>> expected = tracksByAlbum(c);
            int albums = 0;
            int multiTrack = 0;
            for (LeafReaderContext leaf : c.albumsIndex().reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc() && albums < 2000; doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Album album = c.decodeAlbum(c.albumsIndex().data(leaf.docBase + doc));
                    List<Track> want = new ArrayList<>(expected.getOrDefault(album.id(), List.of()));
                    want.sort(BY_POSITION);
                    Page<Track> all = c.albumTracks(album.id(), 0, 50).orElseThrow();
                    assertEquals(want.size(), all.total(), album.id());
                    List<Track> got = all.items();
                    for (int i = 1; i < got.size(); i++) {
                        assertTrue(BY_POSITION.compare(got.get(i - 1), got.get(i)) <= 0, album.id() + " in disc and track order");
                    }
                    assertEquals(ids(want.subList(0, Math.min(50, want.size()))), ids(got), album.id());
                    for (Track t : got) {
                        assertEquals(album.id(), t.album().id());
                    }
                    // pages are slices of the one order, totals always the album's
                    assertEquals(slice(got, 1, 2), c.albumTracks(album, 1, 2).items(), album.id());
                    assertEquals(want.size(), c.albumTracks(album, 1, 2).total(), album.id());
                    assertEquals(List.of(), c.albumTracks(album, 60, 5).items(), album.id());
                    albums++;
                    if (all.total() > 1) {
                        multiTrack++;
                    }
                }
            }
            assertTrue(multiTrack > 100, "albums with several tracks were compared: " + multiTrack);
        }
    }

    private static List<Track> slice(List<Track> l, int offset, int limit) {
        return l.subList(Math.min(offset, l.size()), Math.min(l.size(), offset + limit));
    }

    /** A catalog whose album track table is missing is never published: the import's verification refuses it. */
    @Test
    void aCatalogWithoutTheTableFailsVerification() throws IOException {
        Path current = new CatalogStore(TestCatalogs.syntheticData().resolve("catalog")).current().orElseThrow();
        assertTrue(Files.exists(AlbumTrackTable.file(current.resolve(Fields.TRACKS))), "an import writes the table");
        Path copy = Files.createTempDirectory("tonearm-no-album-table").resolve("v");
        try (var files = Files.walk(current)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(current.relativize(f).toString()));
            }
        }
        Files.delete(AlbumTrackTable.file(copy.resolve(Fields.TRACKS)));
        try (Catalog withTable = Catalog.open(current); Catalog without = Catalog.open(copy)) {
            withTable.selfCheck();
            IOException e = assertThrows(IOException.class, without::selfCheck);
            assertTrue(e.getMessage().contains("album track table"), e.getMessage());
        } finally {
            CatalogStore.deleteTree(copy.getParent());
        }
    }
}
