package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.Test;

/** The album endpoints' track reader gives the same pages, order and totals as the catalog's sorted search. */
class AlbumTracksTest {

    @Test
    void everyAlbumOfTheSyntheticCatalogPagesLikeTheCatalog() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            AlbumTracks reader = new AlbumTracks(c);
            int albums = 0;
            int multiTrack = 0;
            for (LeafReaderContext leaf : c.albumsIndex().reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                StoredFields stored = leaf.reader().storedFields();
                for (int doc = 0; doc < leaf.reader().maxDoc() && albums < 2000; doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Album album = c.decodeAlbum(stored.document(doc).getBinaryValue(Fields.DATA).bytes);
                    Page<Track> all = reader.page(album, 0, 50);
                    assertEquals(c.albumTracks(album.id(), 0, 50).orElseThrow(), all, album.id());
                    assertEquals(c.albumTracks(album.id(), 1, 2).orElseThrow(), reader.page(album, 1, 2), album.id());
                    assertEquals(c.albumTracks(album.id(), 60, 5).orElseThrow(), reader.page(album, 60, 5), album.id());
                    albums++;
                    if (all.total() > 1) {
                        multiTrack++;
                    }
                }
            }
            assertTrue(multiTrack > 100, "albums with several tracks were compared: " + multiTrack);
        }
    }
}
