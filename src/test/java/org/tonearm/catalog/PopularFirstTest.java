package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.EnumSet;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Imported indexes hold their documents most popular first, and a search that ranks only the most popular matches of a broad query still counts them all. */
class PopularFirstTest {
    static Catalog catalog;

    @BeforeAll
    static void open() {
        catalog = TestCatalogs.open(TestCatalogs.syntheticData());
    }

    @AfterAll
    static void close() throws Exception {
        catalog.close();
    }

    @Test
    void everySegmentIsInPopularityOrder() throws IOException {
        for (Catalog.Index index : new Catalog.Index[] {catalog.tracksIndex(), catalog.albumsIndex(), catalog.artistsIndex()}) {
            assertTrue(index.popularFirst, index.name);
            for (LeafReaderContext leaf : index.reader.leaves()) {
                NumericDocValues pop = leaf.reader().getNumericDocValues(Fields.POPULARITY);
                long last = Long.MAX_VALUE;
                for (int doc = pop.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = pop.nextDoc()) {
                    assertTrue(pop.longValue() <= last, index.name + " doc " + doc);
                    last = pop.longValue();
                }
            }
        }
    }

    @Test
    void anImportInDumpOrderIsUnsortedAndFindsTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        CatalogImporter dumpOrder = new CatalogImporter(new CatalogImporter.Options(1024, 2, 2, 64, false),
            new ImportProgress(null, java.time.Duration.ofSeconds(30)));
        dumpOrder.importDump(TestCatalogs.syntheticDump(), new CatalogStore(tmp.resolve("catalog")), java.util.Map.of());
        try (Catalog unsorted = TestCatalogs.open(tmp)) {
            assertTrue(!unsorted.tracksIndex().popularFirst);
            for (String q : new String[] {"love", "night heart", "artist:love year:1990-2000"}) {
                var types = EnumSet.of(SearchQuery.Type.TRACK, SearchQuery.Type.ALBUM, SearchQuery.Type.ARTIST);
                SearchResults a = new CatalogSearch(unsorted).search(SearchQuery.parse(q), types, 0, 5);
                SearchResults b = new CatalogSearch(catalog).search(SearchQuery.parse(q), types, 0, 5);
                assertEquals(b.tracks().total(), a.tracks().total(), q);
                assertEquals(b.albums().total(), a.albums().total(), q);
                assertEquals(b.artists().total(), a.artists().total(), q);
            }
        }
    }

    @Test
    void tracksAreStoredRawAndAlbumsAndArtistsCompact() {
        assertEquals("Tonearm2", codec(catalog.tracksIndex()));
        assertEquals("Tonearm2c", codec(catalog.albumsIndex()));
        assertEquals("Tonearm2c", codec(catalog.artistsIndex()));
    }

    private static String codec(Catalog.Index index) {
        return ((org.apache.lucene.index.SegmentReader) index.reader.leaves().getFirst().reader()).getSegmentInfo().info.getCodec().getName();
    }

    @Test
    void rankingOnlyTheMostPopularMatchesKeepsTheExactTotal() {
        SearchQuery q = SearchQuery.parse("love");
        var types = EnumSet.of(SearchQuery.Type.TRACK);
        Page<Track> all = new CatalogSearch(catalog, Integer.MAX_VALUE).search(q, types, 0, 20).tracks();
        Page<Track> few = new CatalogSearch(catalog, 100).search(q, types, 0, 20).tracks();
        assertTrue(all.total() > 400, "a broad query: " + all.total());
        assertEquals(all.total(), few.total());
        assertEquals(20, few.items().size());
        // the candidates are the most popular matches, so the page is at least as popular as the whole ranking's
        double popAll = all.items().stream().mapToInt(Track::popularity).average().orElseThrow();
        double popFew = few.items().stream().mapToInt(Track::popularity).average().orElseThrow();
        assertTrue(popFew >= popAll, popFew + " vs " + popAll);
    }
}
