package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

/**
 * Tracks and albums are stored in release order, so a year filter is a range of documents in each segment. Every
 * year search must answer as the filter that checks each candidate (what a catalog imported before that order uses)
 * answers it: the same pages, the same totals.
 */
class ReleasedOrderTest {
    private static final List<String> WORDS = List.of("love", "night", "heart", "fire", "blue", "gold", "moon", "time",
        "beyoncé", "кино", "東京", "señorita");
    private static final Set<SearchQuery.Type> ALL_TYPES = EnumSet.allOf(SearchQuery.Type.class);

    private static Path current() throws IOException {
        return new CatalogStore(TestCatalogs.syntheticData().resolve("catalog")).current().orElseThrow();
    }

    @Test
    void anImportStoresTracksAndAlbumsInReleaseOrder() throws IOException {
        Path dir = current();
        for (String index : List.of(Fields.TRACKS, Fields.ALBUMS)) {
            try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(dir.resolve(index)))) {
                long dated = 0;
                for (LeafReaderContext leaf : r.leaves()) {
                    assertEquals(Fields.releasedOrder(), leaf.reader().getMetaData().sort(), index);
                    NumericDocValues days = leaf.reader().getNumericDocValues(Fields.RELEASED);
                    long last = Long.MIN_VALUE;
                    for (int doc = days.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = days.nextDoc()) {
                        assertTrue(days.longValue() >= last, index + " document " + doc + " is out of release order");
                        last = days.longValue();
                        dated++;
                    }
                }
                assertTrue(dated > r.numDocs() / 2, index + ": dated documents " + dated);
            }
        }
    }

    @Test
    void yearSearchesAnswerTheSameWithoutTheOrder() throws IOException {
        try (Catalog c = Catalog.open(current())) {
            for (double scoreAllLimit : new double[] {CatalogSearch.SCORE_ALL_LIMIT, Double.MAX_VALUE, -1}) {
                compare(new CatalogSearch(c, scoreAllLimit, true), new CatalogSearch(c, scoreAllLimit, false));
            }
        }
    }

    private static void compare(CatalogSearch a, CatalogSearch b) {
        {
            Random random = new Random(5);
            List<String> queries = new ArrayList<>(List.of("year:1990-2000", "year:2001", "tag:new", "love tag:new", "year:0001-1900"));
            for (int i = 0; i < 150; i++) {
                String w1 = WORDS.get(random.nextInt(WORDS.size()));
                String w2 = WORDS.get(random.nextInt(WORDS.size()));
                int from = 1950 + random.nextInt(75);
                queries.add(switch (i % 3) {
                    case 0 -> w1 + " year:" + from + "-" + (from + random.nextInt(12));
                    case 1 -> w1 + " " + w2 + " year:" + from + "-" + (from + 10);
                    default -> "artist:" + w1 + " year:" + from;
                });
            }
            int found = 0;
            for (String q : queries) {
                SearchQuery parsed = SearchQuery.parse(q);
                for (int offset : new int[] {0, 20}) {
                    SearchResults x = a.search(parsed, ALL_TYPES, offset, 20);
                    SearchResults y = b.search(parsed, ALL_TYPES, offset, 20);
                    assertEquals(y.tracks().total(), x.tracks().total(), "track total for " + q);
                    assertEquals(y.tracks().items().stream().map(Track::id).toList(), x.tracks().items().stream().map(Track::id).toList(),
                        "tracks for " + q + " from " + offset);
                    assertEquals(y.albums().total(), x.albums().total(), "album total for " + q);
                    assertEquals(y.albums().items().stream().map(Album::id).toList(), x.albums().items().stream().map(Album::id).toList(),
                        "albums for " + q + " from " + offset);
                    found += x.tracks().total() > 0 ? 1 : 0;
                }
            }
            assertTrue(found > 100, "year searches with tracks: " + found);
        }
    }
}
