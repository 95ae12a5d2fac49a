package org.tonearm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
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

    @Test
    void aTypoInALongWordIsForgivenWhereverItFalls() throws IOException {
        try (Catalog c = TestCatalogs.open(TestCatalogs.syntheticData())) {
            CatalogSearch search = new CatalogSearch(c);
            Random random = new Random(5);
            int asked = 0;
            int found = 0;
            StringBuilder lost = new StringBuilder();
            for (LeafReaderContext leaf : c.tracksIndex().reader.leaves()) {
                org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc() && asked < 300; doc += 37) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Track t = c.decodeTrack(c.tracksIndex().data(leaf.docBase + doc), new HashMap<>());
                    String[] words = t.name().split(" ");
                    int longest = 0;
                    for (int i = 1; i < words.length; i++) {
                        longest = words[i].length() > words[longest].length() ? i : longest;
                    }
                    if (words[longest].length() < 6 || !words[longest].chars().allMatch(Character::isLetter)) {
                        continue;
                    }
                    String w = words[longest];
                    int at = 1 + random.nextInt(w.length() - 2);
                    words[longest] = switch (asked % 4) {
                        case 0 -> w.substring(0, at) + w.substring(at + 1);
                        case 1 -> w.substring(0, at) + 'q' + w.substring(at);
                        case 2 -> w.substring(0, at) + w.charAt(at + 1) + w.charAt(at) + w.substring(at + 2);
                        default -> w.substring(0, at) + (w.charAt(at) == 'x' ? 'y' : 'x') + w.substring(at + 1);
                    };
                    String q = t.artists().getFirst().name() + " " + String.join(" ", words);
                    asked++;
                    Page<Track> page = search.search(SearchQuery.parse(q), EnumSet.of(SearchQuery.Type.TRACK), 0, 50).tracks();
                    if (page.items().stream().anyMatch(x -> x.id().equals(t.id()))) {
                        found++;
                    } else {
                        lost.append("\n  ").append(q).append(" -> ").append(t.name());
                    }
                }
            }
            assertTrue(asked >= 100, "tracks asked for: " + asked);
            assertTrue(found >= asked * 0.97, found + " of " + asked + " found; lost:" + lost);
        }
    }

    private static List<String> ids(Page<Track> page) {
        return page.items().stream().map(Track::id).toList();
    }
}
