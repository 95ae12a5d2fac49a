package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.Test;

/** An album's tracks, read from its postings, give the same pages, order and totals as a sorted Lucene search. */
class AlbumTracksTest {

    /** The reference: the album's tracks as Lucene's own sorted search by disc and track position returns them. */
    private static Page<Track> sortedSearch(Catalog c, Album album, int offset, int limit) {
        List<Track> items = new ArrayList<>();
        Map<String, Album> cache = new HashMap<>(Map.of(album.id(), album));
        long total = c.tracksIndex().page(new TermQuery(new Term(Fields.ALBUM, album.id())),
            new Sort(new SortField(Fields.POSITION, SortField.Type.LONG)), offset, limit, b -> items.add(c.decodeTrack(b, cache)));
        return new Page<>(items, total, offset, limit);
    }

    @Test
    void everyAlbumOfTheSyntheticCatalogPagesLikeTheCatalog() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            int albums = 0;
            int multiTrack = 0;
            for (LeafReaderContext leaf : c.albumsIndex().reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc() && albums < 2000; doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Album album = c.decodeAlbum(c.albumsIndex().data(leaf.docBase + doc));
                    Page<Track> all = c.albumTracks(album.id(), 0, 50).orElseThrow();
                    assertEquals(sortedSearch(c, album, 0, 50), all, album.id());
                    assertEquals(sortedSearch(c, album, 1, 2), c.albumTracks(album, 1, 2), album.id());
                    assertEquals(sortedSearch(c, album, 60, 5), c.albumTracks(album, 60, 5), album.id());
                    albums++;
                    if (all.total() > 1) {
                        multiTrack++;
                    }
                }
            }
            assertTrue(multiTrack > 100, "albums with several tracks were compared: " + multiTrack);
        }
    }

    /**
     * A catalog imported before the album track table existed reads its albums' tracks from the album terms, with
     * the same pages; a fresh import has the table, so the test above read through it.
     */
    @Test
    void aCatalogWithoutTheTablePagesAlike() throws IOException {
        Path current = new CatalogStore(TestCatalogs.syntheticData().resolve("catalog")).current().orElseThrow();
        assertTrue(Files.exists(AlbumTrackTable.file(current.resolve(Fields.TRACKS))), "an import writes the table");
        try (var r = org.apache.lucene.index.DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(current.resolve(Fields.TRACKS)));
             AlbumTrackTable t = AlbumTrackTable.open(current.resolve(Fields.TRACKS), r)) {
            assertTrue(t.holdsAddresses(), "of record addresses, so a page reads no document table");
        }
        Path copy = Files.createTempDirectory("tonearm-no-album-table").resolve("v");
        try (var files = Files.walk(current)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(current.relativize(f).toString()));
            }
        }
        Files.delete(AlbumTrackTable.file(copy.resolve(Fields.TRACKS)));
        try (Catalog withTable = Catalog.open(current); Catalog without = Catalog.open(copy)) {
            withTable.selfCheck();
            // an import verifies its catalog before swapping it in: one without its table is not published
            IOException e = assertThrows(IOException.class, without::selfCheck);
            assertTrue(e.getMessage().contains("album track table"), e.getMessage());
            int compared = 0;
            for (LeafReaderContext leaf : withTable.albumsIndex().reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc() && compared < 1000; doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Album album = withTable.decodeAlbum(withTable.albumsIndex().data(leaf.docBase + doc));
                    assertEquals(without.albumTracks(album, 0, 50), withTable.albumTracks(album, 0, 50), album.id());
                    assertEquals(without.albumTracks(album, 2, 3), withTable.albumTracks(album, 2, 3), album.id());
                    compared++;
                }
            }
            assertEquals(1000, compared);
        } finally {
            CatalogStore.deleteTree(copy.getParent());
        }
    }
}
