package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A search scores its matches one of two ways: every match in the pass that counts them, with popularity from doc
 * values (queries estimated to match few documents), or by Lucene's block-skipping top-k with the popularity
 * feature and a separate exact count (broad queries). Both must give a user the same page and the same total.
 */
class SearchPathsTest {
    private static final List<String> WORDS = List.of("love", "night", "heart", "fire", "blue", "gold", "moon", "time",
        "beyoncé", "straße", "кино", "東京", "señorita", "über", "ça", "smörgås");
    private static final Set<SearchQuery.Type> ALL_TYPES = EnumSet.allOf(SearchQuery.Type.class);

    @Test
    void scoringEveryMatchAndSkippingBlocksGiveTheSamePagesAndTotals() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            CatalogSearch scoreAll = new CatalogSearch(c, Double.MAX_VALUE);
            CatalogSearch skipping = new CatalogSearch(c, -1);
            Random random = new Random(11);
            List<String> queries = new ArrayList<>();
            for (String w : WORDS) {
                queries.add(w);
                queries.add(w + " " + w);
            }
            for (int i = 0; i < 120; i++) {
                String a = WORDS.get(random.nextInt(WORDS.size()));
                String b = WORDS.get(random.nextInt(WORDS.size()));
                int from = 1950 + random.nextInt(70);
                queries.add(switch (i % 4) {
                    case 0 -> a + " " + b;
                    case 1 -> a + " " + b + " year:" + from + "-" + (from + 10);
                    case 2 -> "artist:" + a + " " + b;
                    default -> "\"" + a + " " + b + "\" year:" + from;
                });
            }
            int nonEmpty = 0;
            for (String q : queries) {
                SearchQuery parsed = SearchQuery.parse(q);
                for (int offset : new int[] {0, 30}) {
                    SearchResults x = scoreAll.search(parsed, ALL_TYPES, offset, 20);
                    SearchResults y = skipping.search(parsed, ALL_TYPES, offset, 20);
                    assertEquals(ids(y.tracks()), ids(x.tracks()), "tracks for " + q + " from " + offset);
                    assertEquals(y.tracks().total(), x.tracks().total(), "track total for " + q);
                    assertEquals(y.albums().total(), x.albums().total(), "album total for " + q);
                    assertEquals(y.artists().total(), x.artists().total(), "artist total for " + q);
                    assertEquals(y.albums().items().stream().map(Album::id).toList(), x.albums().items().stream().map(Album::id).toList(),
                        "albums for " + q);
                    nonEmpty += x.tracks().total() > 20 ? 1 : 0;
                }
            }
            assertTrue(nonEmpty > 100, "queries with more than a page of tracks: " + nonEmpty);
        }
    }

    @Test
    void aWordSaidTwiceMatchesWhatItMatchesOnce() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            CatalogSearch search = new CatalogSearch(c);
            for (String w : WORDS) {
                long once = search.search(SearchQuery.parse(w), ALL_TYPES, 0, 1).tracks().total();
                long twice = search.search(SearchQuery.parse(w + " " + w.toUpperCase()), ALL_TYPES, 0, 1).tracks().total();
                assertTrue(once > 0, w);
                assertEquals(once, twice, w);
            }
        }
    }

    private static List<String> ids(Page<Track> page) {
        return page.items().stream().map(Track::id).toList();
    }
}
